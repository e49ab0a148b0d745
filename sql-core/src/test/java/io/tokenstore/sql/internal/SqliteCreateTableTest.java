package io.tokenstore.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteCreateTableTest {
  @Test
  void parse_quotesCommentsAndNestedParentheses_splitOnlyAtTopLevelCommas() {
    SqliteCreateTable t = SqliteCreateTable.parse("CREATE TABLE \"o,t\" ( -- a comment, with a comma\n"
        + "  id varchar(10) NOT NULL, /* (another) */ \"we\"\"ird, name\" TEXT DEFAULT 'a,''b)' -- last\n"
        + ", [br,acket] INT CHECK (length(\"x)\") > (1 + 2)), `back` TEXT,\n"
        + "  PRIMARY KEY (id, \"we\"\"ird, name\")\n) WITHOUT ROWID -- done");
    assertThat(t.prefix()).isEqualTo("CREATE TABLE \"o,t\"");
    assertThat(t.suffix()).isEqualTo("WITHOUT ROWID");
    assertThat(t.definitions()).extracting(SqliteCreateTable.Definition::text).containsExactly(
        "id varchar(10) NOT NULL",
        "\"we\"\"ird, name\" TEXT DEFAULT 'a,''b)'",
        "[br,acket] INT CHECK (length(\"x)\") > (1 + 2))",
        "`back` TEXT",
        "PRIMARY KEY (id, \"we\"\"ird, name\")");
    assertThat(t.definitions()).extracting(SqliteCreateTable.Definition::isConstraint)
        .containsExactly(false, false, false, false, true);
    assertThat(t.definitions().subList(0, 4)).extracting(SqliteCreateTable.Definition::name)
        .containsExactly("id", "we\"ird, name", "br,acket", "back");
    assertThat(t.definitions().get(2).tokens()).extracting(SqliteCreateTable.Token::kind).containsExactly(
        SqliteCreateTable.Kind.QUOTED, SqliteCreateTable.Kind.WORD, SqliteCreateTable.Kind.WORD,
        SqliteCreateTable.Kind.GROUP);
  }

  @Test
  void parse_unclosedQuoteOrParenthesis_isRefused() {
    for (String sql : List.of("CREATE TABLE t (a TEXT DEFAULT 'x)", "CREATE TABLE t (a TEXT CHECK (a > 1)",
        "CREATE TABLE t", "CREATE TABLE t (a TEXT,)")) {
      assertThatThrownBy(() -> SqliteCreateTable.parse(sql)).as(sql).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
