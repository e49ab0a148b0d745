package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the atomic replace keeps: owner, group, mode, symlinks; and what it leaves behind: nothing. */
class FileReplaceTest {
  private static final String HEADER = String.join(",", ZohoCsv.COLUMNS) + "\n";

  @TempDir
  Path dir;

  private static PosixFileAttributes attributes(Path p) throws IOException {
    return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** Gives the file to {@code nobody:nogroup}, which only root can do; the tests that need it skip otherwise. */
  private static void giveToNobody(Path p) throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file to another user");
    UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName("nobody"));
    view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
  }

  private static void save(Path file, String user) {
    try (TokenStore store = TokenStores.open("file:" + file)) {
      store.saveToken(OAuthToken.builder().userName(user).accessToken("access-" + user).build());
    }
  }

  @Test
  void save_fileOfAnotherUser_keepsItsOwnerGroupAndMode() throws IOException {
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, HEADER + "1,alice,,,,,,,,\n");
    giveToNobody(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    UserPrincipal owner = attributes(file).owner();
    GroupPrincipal group = attributes(file).group();

    save(file, "bob");

    PosixFileAttributes after = attributes(file);
    assertThat(after.owner()).isEqualTo(owner);
    assertThat(after.group()).isEqualTo(group);
    assertThat(PosixFilePermissions.toString(after.permissions())).isEqualTo("rw-r-----");
    assertThat(Files.readString(file)).contains("bob");
  }

  @Test
  void save_fileOfAnotherUser_givesTheLockFileItsOwnerAndLetsTheOwnerWrite() throws IOException {
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, HEADER);
    giveToNobody(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    save(file, "bob");

    PosixFileAttributes lock = attributes(dir.resolve("sdk_tokens.txt.lock"));
    assertThat(lock.owner()).isEqualTo(attributes(file).owner());
    assertThat(lock.group()).isEqualTo(attributes(file).group());
    assertThat(PosixFilePermissions.toString(lock.permissions())).startsWith("rw-");
  }

  @Test
  void save_lockFileLeftByRootWithTheWrongOwner_isGivenBackToTheFilesOwner() throws IOException {
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, HEADER);
    giveToNobody(file);
    Path lock = Files.createFile(dir.resolve("sdk_tokens.txt.lock"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--")));

    save(file, "bob");

    assertThat(attributes(lock).owner()).isEqualTo(attributes(file).owner());
    assertThat(PosixFilePermissions.toString(attributes(lock).permissions())).startsWith("rw-");
  }

  @Test
  void save_symlinkedFile_writesThroughToTheTargetAndLocksIt() throws IOException {
    Path target = Files.createDirectory(dir.resolve("data")).resolve("tokens.csv");
    Files.writeString(target, HEADER + "1,alice,,,,,,,,\n");
    Path link = Files.createSymbolicLink(dir.resolve("sdk_tokens.txt"), target);

    save(link, "bob");

    assertThat(Files.isSymbolicLink(link)).as("still a symlink").isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(target);
    assertThat(Files.readString(target)).contains("alice").contains("bob");
    assertThat(target.resolveSibling("tokens.csv.lock")).exists();
    assertThat(dir.resolve("sdk_tokens.txt.lock")).doesNotExist();
  }

  @Test
  void open_danglingSymlink_createsTheTargetNotAFileInPlaceOfTheLink() throws IOException {
    Path target = Files.createDirectory(dir.resolve("data")).resolve("tokens.csv");
    Path link = Files.createSymbolicLink(dir.resolve("sdk_tokens.txt"), target);

    save(link, "bob");

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(target)).contains("bob");
  }

  @Test
  void save_staleTemporaryFilesOfAKilledWriter_areDeletedAndOthersKept() throws IOException {
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, HEADER);
    // What a writer killed between creating its temporary file and the rename leaves: the old naming and ours.
    Path old = Files.writeString(dir.resolve(".sdk_tokens.txt.8123456789012.tmp"), HEADER + "9,x,,secret,,,,,,\n");
    Path ours = Files.writeString(dir.resolve(".sdk_tokens.txt.tokenstore-4711123.tmp"), HEADER);
    Path otherStore = Files.writeString(dir.resolve(".other.txt.8123456789012.tmp"), HEADER);
    Path unrelated = Files.writeString(dir.resolve(".sdk_tokens.txt.backup.tmp"), HEADER);
    Path folder = Files.createDirectory(dir.resolve(".sdk_tokens.txt.55.tmp"));

    save(file, "bob");

    assertThat(old).doesNotExist();
    assertThat(ours).doesNotExist();
    assertThat(otherStore).exists();
    assertThat(unrelated).exists();
    assertThat(folder).exists();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("sdk_tokens.txt", "sdk_tokens.txt.lock", ".other.txt.8123456789012.tmp",
              ".sdk_tokens.txt.backup.tmp", ".sdk_tokens.txt.55.tmp");
    }
  }

  @Test
  void createTemporary_fileReadableByOthers_isOwnerOnlyWhileSecretsAreWritten() throws IOException {
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, HEADER);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Path tmp = FileTokenStore.createTemporary(file);
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp))).isEqualTo("rw-------");
      assertThat(tmp.getParent()).isEqualTo(dir);
      assertThat(FileTokenStore.isTemporaryOf(file, tmp.getFileName().toString())).isTrue();
    } finally {
      Files.delete(tmp);
    }
    save(file, "bob");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("bob");
  }
}
