#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file a command reads or writes, as the analyst named it: `option` is how it was given
/// (`-o`, `--summary`, "the input").
public struct NamedPath: Sendable {
    public var option: String
    public var path: String
    public init(_ option: String, _ path: String) {
        self.option = option
        self.path = path
    }
}

/// Checks a run's outputs before anything is opened for writing: no output may be one of the
/// inputs or another output (same device and inode for files that exist, so `../` spellings,
/// symbolic and hard links are caught; same resolved path for new files), and each new file's
/// folder must exist. `-` is standard output; devices and pipes (`/dev/null`) are not checked.
public enum OutputCheck {
    /// Throws with a message naming both files when an output would destroy an input or
    /// another output, or when an output's folder does not exist.
    public static func check(outputs: [NamedPath], inputs: [NamedPath]) throws(OutputCheckError) {
        let readFiles = inputs.compactMap { input in FileKey(input.path, dash: STDIN_FILENO).map { (input, $0) } }
        var written: [(NamedPath, FileKey)] = []
        for output in outputs {
            guard let key = FileKey(output.path, dash: STDOUT_FILENO) else {
                if output.path != "-" {
                    let folder = parentFolder(output.path)
                    throw OutputCheckError("\(output.option) \(output.path): the folder \(folder) does not exist; please create it or choose another path.")
                }
                continue
            }
            guard key.isCheckable else { continue }
            if let (input, _) = readFiles.first(where: { $0.1 == key }) {
                let what = input.path == "-" ? "standard input" : input.option == "the input" ? "the input \(input.path)" : "\(input.option) \(input.path)"
                throw OutputCheckError(
                    "\(describe(output)) is the same file as \(what): writing it would destroy it. Please choose another file for \(output.option).")
            }
            if let (other, _) = written.first(where: { $0.1 == key }) {
                throw OutputCheckError(
                    "\(describe(other)) and \(describe(output)) are the same file: one would overwrite the other. Please give each output a file of its own.")
            }
            written.append((output, key))
        }
    }

    private static func describe(_ output: NamedPath) -> String {
        output.path == "-" ? "standard output" : "\(output.option) \(output.path)"
    }

    /// `path` with its folder resolved (links, `..`): the same for every spelling of a new file.
    /// `nil` when the folder does not exist.
    static func resolved(_ path: String) -> String? {
        guard let folder = realpath(parentFolder(path), nil) else { return nil }
        defer { free(folder) }
        return String(cString: folder) + "/" + (path.split(separator: "/").last.map(String.init) ?? path)
    }

    /// The folder part of a path (`.` when there is none).
    static func parentFolder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// What identifies a file: device and inode when it exists, else its resolved path.
private enum FileKey: Equatable {
    case existing(FileIdentity, regular: Bool)
    case new(resolved: String)

    /// `nil` when the path names no file and its folder does not exist either. `-` is the
    /// standard stream `dash` (stdin for inputs, stdout for outputs).
    init?(_ path: String, dash: Int32) {
        var info = stat()
        let found = path == "-" ? fstat(dash, &info) == 0 : stat(path, &info) == 0
        if found {
            self = .existing(FileIdentity(info), regular: (info.st_mode & S_IFMT) == S_IFREG)
            return
        }
        guard let resolved = OutputCheck.resolved(path) else { return nil }
        self = .new(resolved: resolved)
    }

    /// Regular files and new files can be destroyed by writing; devices and pipes cannot.
    var isCheckable: Bool {
        switch self {
        case .existing(_, let regular): regular
        case .new: true
        }
    }

    static func == (a: FileKey, b: FileKey) -> Bool {
        switch (a, b) {
        case let (.existing(a, _), .existing(b, _)): a == b
        case let (.new(p1), .new(p2)): p1 == p2
        default: false
        }
    }
}

/// Why a run's outputs were refused, as a sentence for the analyst.
public struct OutputCheckError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A file's device and inode: the same file whatever the path that leads to it.
public struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    public init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The identity of the file at `path` (links followed); `nil` when there is none.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }
}

/// Inputs given more than once, under the same name or another (`../`, links).
public enum InputIdentity {
    /// The first path that names the same file as an earlier one, or (with `sameContent`)
    /// holds the same bytes: both positions, and whether it is the same file.
    public static func firstRepeat(in paths: [String], sameContent: Bool = false) -> (first: Int, second: Int, sameFile: Bool)? {
        var seen: [FileIdentity: Int] = [:]
        var byContent: [[UInt8]: Int] = [:]
        for (index, path) in paths.enumerated() where path != "-" {
            guard let identity = FileIdentity(path: path) else { continue }
            if let first = seen[identity] { return (first, index, true) }
            seen[identity] = index
            guard sameContent, let bytes = try? contents(of: path) else { continue }
            if let first = byContent[bytes] { return (first, index, false) }
            byContent[bytes] = index
        }
        return nil
    }

    private static func contents(of path: String) throws -> [UInt8] {
        let stream = try FileByteStream(path: path)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while case let n = try chunk.withUnsafeMutableBytes({ try stream.read(into: $0) }), n > 0 {
            bytes += chunk[..<n]
        }
        return bytes
    }
}
