#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to stderr with `write(2)`. A stderr that cannot be written (`2>/dev/full`, `2>&-`,
/// a closed pipe) loses the message and nothing else: diagnostics never stop a batch.
public enum StandardError {
    public static func write(_ text: String) {
        Array(text.utf8).withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
                #else
                let n = Darwin.write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}

/// The process's standard streams, made safe for a whole run.
public enum StandardStreams {
    /// Reopens a closed stdin, stdout or stderr (`2>&-`) on /dev/null, so that no file the run
    /// opens takes its number and receives its messages, and ignores SIGPIPE, so that a reader
    /// that goes away (`| head`) is a write error to handle rather than the end of the process.
    public static func prepare() {
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) < 0 {
            let null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
        }
        signal(SIGPIPE, SIG_IGN)
    }
}
