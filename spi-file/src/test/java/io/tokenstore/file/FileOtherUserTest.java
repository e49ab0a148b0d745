package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenstore.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token file used by a user who is not root, started as {@code nobody} with {@code setpriv} (which only root
 * can do; the tests skip otherwise): reading needs read access only, and a write that would take the file from
 * its owner is refused.
 */
class FileOtherUserTest {
  private static final String HEADER = String.join(",", ZohoCsv.COLUMNS) + "\n";
  private static Path classPath;
  private static String classPathArgument;

  private Path dir;

  // nobody cannot read root's Maven repository: a copy of the class path it can read.
  @BeforeAll
  static void copyClassPath() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "only root can start a process as nobody");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
    classPath = Files.createTempDirectory("tokenstore-cp");
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = classPath.resolve((n++) + "-" + from.getFileName());
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.collect(Collectors.toList())) {
          Files.copy(f, to.resolve(from.relativize(f).toString()));
        }
      }
      entries.add(to.toString());
    }
    try (Stream<Path> files = Files.walk(classPath)) {
      for (Path f : files.collect(Collectors.toList())) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x"
            : "rw-r--r--"));
      }
    }
    classPathArgument = String.join(File.pathSeparator, entries);
  }

  @AfterAll
  static void deleteClassPath() throws IOException {
    deleteTree(classPath);
  }

  @BeforeEach
  void folder() throws IOException {
    dir = Files.createTempDirectory("tokenstore-user");
  }

  @AfterEach
  void deleteFolder() throws IOException {
    deleteTree(dir);
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(f);
      }
    }
  }

  /** Runs {@link FileSaverProcess} as nobody:nogroup and returns its first line of output. */
  private static String asNobody(String... args) throws Exception {
    try (ChildJvm p = ChildJvm.builder(FileSaverProcess.class)
        .wrappedIn("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        .classPath(classPathArgument).directory(Path.of("/")).start(args)) {
      return p.firstLine(Duration.ofMinutes(1));
    }
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static void chown(Path p, String user, String group) throws IOException {
    UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    view.setOwner(users.lookupPrincipalByName(user));
    view.setGroup(users.lookupPrincipalByGroupName(group));
  }

  @Test
  void read_fileInAFolderTheReaderCannotWrite_listsItAndCreatesNothing() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = Files.writeString(dir.resolve("sdk_tokens.txt"), HEADER + "1,alice,,,,,,,,\n2,bob,,,,,,,,\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(asNobody("list", "file:" + file)).isEqualTo("2 tokens");
    assertThat(listing()).containsExactly("sdk_tokens.txt");
  }

  @Test
  void save_byAUserWhoCannotKeepTheOwner_isRefusedAndChangesNothing() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path file = Files.writeString(dir.resolve("sdk_tokens.txt"), HEADER + "1,alice,,,,,,,,\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    byte[] before = Files.readAllBytes(file);

    assertThat(asNobody("users", "file:" + file, "n", "1")).startsWith("FAILED ")
        .contains("cannot keep the owner").contains(file.toString());

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    PosixFileAttributes after = Files.readAttributes(file, PosixFileAttributes.class);
    assertThat(after.owner().getName()).isEqualTo("root");
    assertThat(PosixFilePermissions.toString(after.permissions())).isEqualTo("rw-rw-rw-");
    assertThat(listing()).containsExactly("sdk_tokens.txt", "sdk_tokens.txt.lock");
  }

  @Test
  void save_lockFileTheOwnerCannotWrite_failsNamingTheLockFile() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path file = Files.writeString(dir.resolve("sdk_tokens.txt"), HEADER);
    chown(file, "nobody", "nogroup");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    // What an earlier version left when root saved once: a lock file only root may write.
    Path lock = Files.createFile(dir.resolve("sdk_tokens.txt.lock"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

    assertThat(asNobody("users", "file:" + file, "n", "1")).startsWith("FAILED ").contains(lock.toString())
        .contains("cannot be opened for writing");
    assertThat(Files.readString(file)).isEqualTo(HEADER);
  }
}
