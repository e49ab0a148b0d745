package io.tokenstore.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A second JVM for tests of several processes on one store: {@code java -cp <this JVM's class path> Main args}
 * on the running JDK. Its standard output is read line by line as it comes (so a full pipe never blocks it); its
 * standard error is passed on to this JVM's and kept for failure messages. Every wait is bounded and fails with
 * what the child printed; {@link #close} kills the child and its descendants.
 */
public final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
  private final List<String> out = new ArrayList<>();
  private final List<String> err = new ArrayList<>();
  private final Thread outPump;
  private final Thread errPump;
  private boolean ended;

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    outPump = pump(process.getInputStream(), line -> {
      synchronized (out) {
        out.add(line);
      }
      lines.add(Optional.of(line));
    }, "out");
    errPump = pump(process.getErrorStream(), line -> {
      synchronized (err) {
        err.add(line);
      }
      System.err.println("[" + name + "] " + line);
    }, "err");
  }

  /** Starts {@code main} with {@code args} on this JVM's class path. */
  public static ChildJvm start(Class<?> main, String... args) {
    return builder(main).start(args);
  }

  /** For a child that needs another class path, working folder or a command in front of {@code java}. */
  public static Builder builder(Class<?> main) {
    return new Builder(main);
  }

  /** What {@link ChildJvm#builder} sets; {@link #start} launches. */
  public static final class Builder {
    private final Class<?> main;
    private final List<String> wrapper = new ArrayList<>();
    private String classPath = System.getProperty("java.class.path");
    private File directory = new File(".");

    private Builder(Class<?> main) {
      this.main = main;
    }

    /** A command that runs {@code java}, such as {@code setpriv --reuid=65534 ...}. */
    public Builder wrappedIn(String... command) {
      wrapper.addAll(List.of(command));
      return this;
    }

    public Builder classPath(String classPath) {
      this.classPath = classPath;
      return this;
    }

    public Builder directory(Path directory) {
      this.directory = directory.toFile();
      return this;
    }

    public ChildJvm start(String... args) {
      List<String> command = new ArrayList<>(wrapper);
      command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
          main.getName()));
      command.addAll(List.of(args));
      try {
        return new ChildJvm(String.join(" ", command.subList(command.size() - args.length - 1, command.size())),
            new ProcessBuilder(command).directory(directory).start());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
    }
  }

  private Thread pump(InputStream stream, Consumer<String> sink, String which) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // the child was killed under us: its output ends here
      } finally {
        if (which.equals("out")) {
          lines.add(Optional.empty()); // the end of output
        }
      }
    }, "child-jvm-" + which);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The next line of standard output, or null once the child closed it.
   *
   * @throws AssertionError when no line comes within {@code timeout}
   */
  public String nextLine(Duration timeout) throws InterruptedException {
    if (ended) {
      return null;
    }
    Optional<String> line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw failure("printed no line within " + timeout);
    }
    ended = line.isEmpty();
    return line.orElse(null);
  }

  /**
   * Waits for the child to exit and returns all its standard output, lines joined with {@code \n}.
   *
   * @throws AssertionError when it does not exit within {@code timeout} or exits with another status than 0
   */
  public String finish(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw failure("did not exit within " + timeout);
    }
    // Output is complete only once the pumps have read to the end of both streams.
    outPump.join(TimeUnit.SECONDS.toMillis(10));
    errPump.join(TimeUnit.SECONDS.toMillis(10));
    if (process.exitValue() != 0) {
      throw failure("exited with " + process.exitValue());
    }
    synchronized (out) {
      return String.join("\n", out);
    }
  }

  /** Like {@link #finish}, but only the first line ({@code ""} when it printed none). */
  public String firstLine(Duration timeout) throws InterruptedException {
    String all = finish(timeout);
    int end = all.indexOf('\n');
    return end < 0 ? all : all.substring(0, end);
  }

  /** Writes a line to the child's standard input. */
  public void send(String line) {
    try {
      java.io.OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw failure("did not take the line '" + line + "': " + e);
    }
  }

  /** The exit status; the child must have exited. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Kills the child at once, as a crash would, and waits (bounded) until it is gone. */
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw failure("was still running 30 s after being killed");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive() || process.descendants().findAny().isPresent()) {
      kill();
    }
  }

  private AssertionError failure(String what) {
    String printed;
    synchronized (out) {
      synchronized (err) {
        printed = "\n--- its standard output:\n" + String.join("\n", out) + "\n--- its standard error:\n"
            + String.join("\n", err);
      }
    }
    return new AssertionError("the child JVM " + name + " " + what + printed);
  }
}
