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
