import Foundation
import ReportIO

/// Reads a folder recursively, in sorted order: each `.txt` file is one report whose id is its
/// path relative to the folder; `.jsonl`, `.csv` (and their `.gz`) and `.xml` files are read as
/// batches. Hidden files and files of other kinds (including `.json` documents) are passed over.
/// Links to files are followed; links to folders are not (a link to itself or to a parent would
/// read files again and again), a folder reached twice (a bind mount) is entered once, and
/// anything that is not a regular file (a FIFO named `x.txt`, a device) is skipped with a warning
/// rather than opened, so reading a folder always finishes and reads each file once.
public struct TextFolderReader: ReportSource, CSVHeaderProviding {
    private let root: String
    private let opener: InputOpener
    /// Relative paths still to visit, the next one last.
    private var stack: [String]
    private var nested: (any ReportSource)?
    /// Device and inode of every folder entered.
    private var visitedFolders: Set<FileIdentity> = []

    init(root: String, opener: InputOpener) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.opener = opener
        self.stack = [""]
    }

    public var header: [UInt8]? { (nested as? any CSVHeaderProviding)?.header }

    public mutating func next() -> ReportSourceItem? {
        while true {
            if let item = nested?.next() { return item }
            nested = nil
            guard let relative = stack.popLast() else { return nil }
            let path = relative.isEmpty ? root : "\(root)/\(relative)"
            var info = stat()
            let exists = stat(path, &info) == 0
            if exists && (info.st_mode & S_IFMT) == S_IFDIR {
                var link = stat()
                if !relative.isEmpty, lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK {
                    opener.warn("\(path): warning: skipped: a link to a folder is not followed; give the folder itself to read it")
                    continue
                }
                guard visitedFolders.insert(FileIdentity(info)).inserted else {
                    opener.warn("\(path): warning: skipped: this folder was already read under another path")
                    continue
                }
                do {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path)
                        .filter { !$0.hasPrefix(".") }
                        .sorted()
                    stack.append(contentsOf: names.reversed().map { relative.isEmpty ? $0 : "\(relative)/\($0)" })
                } catch {
                    return .rejected(RejectedRecord(
                        location: RecordLocation(file: path, line: 0),
                        reason: "cannot read this folder: \(Self.reason(error))", raw: []))
                }
                continue
            }
            guard InputFormat.detect(path: relative) != nil,
                !relative.lowercased().hasSuffix(".json"), !relative.lowercased().hasSuffix(".json.gz")
            else { continue }
            if exists && (info.st_mode & S_IFMT) != S_IFREG {
                opener.warn("\(path): warning: skipped: not a regular file (\(Self.kind(info.st_mode))), so it is not read")
                continue
            }
            nested = opener.openFile(path, name: path, id: relative)
        }
    }

    /// What a file that is not regular is, in words.
    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a named pipe"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        default: "a special file"
        }
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        return error.localizedDescription
    }
}
