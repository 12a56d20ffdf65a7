import Foundation
import ThreatTaxonomy

/// A folder of compiled rules, so that every run after the first with the same taxonomy files
/// reads its rules (a fraction of a second) instead of compiling them (seconds, and most of the
/// run's memory). A file is named by its key: the taxonomy's content fingerprint, this build of
/// the tool (the executable's size, time and inode) and the format version, so a changed rule
/// file or a rebuilt tool never reads an old file. Files that cannot be read are compiled again;
/// one that cannot be written is skipped: the cache only ever saves time. The newest
/// `keptFiles` are kept.
public struct CompiledRulesCache: Sendable {
    /// The folder the compiled rules are kept in.
    public let folder: String
    static let formatVersion = 2
    static let keptFiles = 4
    private static let magic: UInt64 = 0x5345_4C55_5250_4F43  // "COPRULES"
    private static let suffix = ".rules"

    public init(folder: String) { self.folder = folder }

    /// `$COP_THREATS_CACHE` (`off` turns caching off), else `$XDG_CACHE_HOME/cop-threats`, else
    /// `~/.cache/cop-threats`; `nil` when off or when no folder can be named.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> CompiledRulesCache? {
        if let folder = environment["COP_THREATS_CACHE"], !folder.isEmpty {
            return folder == "off" ? nil : CompiledRulesCache(folder: folder)
        }
        if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return CompiledRulesCache(folder: base + "/cop-threats") }
        if let home = environment["HOME"], home.hasPrefix("/") { return CompiledRulesCache(folder: home + "/.cache/cop-threats") }
        return nil
    }

    /// The rules of `taxonomy`, read from the folder when compiled before under `fingerprint`
    /// (a digest of the files the taxonomy was loaded from), else compiled and kept.
    public func ruleSet(for taxonomy: Taxonomy, fingerprint: String) throws -> RuleSet {
        guard let build = Self.buildIdentity() else { return try RuleSet(taxonomy: taxonomy) }
        let key = "\(Self.formatVersion) \(build) \(fingerprint)"
        let path = "\(folder)/\(Self.name(for: key))\(Self.suffix)"
        if let compiled = Self.read(path, key: key) { return RuleSet(taxonomy: taxonomy, compiled: compiled) }
        let ruleSet = try RuleSet(taxonomy: taxonomy)
        write(ruleSet.compiled, key: key, to: path)
        return ruleSet
    }

    private static func read(_ path: String, key: String) -> CompiledRules? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        var input = BinaryArchive.Reader(descriptor: descriptor, size: Int(status.st_size))
        guard (try? input.value() as UInt64) == magic, (try? input.string()) == key,
              let compiled = try? CompiledRules(from: &input)
        else { return nil }
        let expected = input.checksum.value
        guard (try? input.value() as UInt64) == expected else { return nil }
        futimens(descriptor, nil)  // used now: kept by `prune` ahead of files not used for longer
        return compiled
    }

    private func write(_ compiled: CompiledRules, key: String, to path: String) {
        let temporary = "\(path).\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return }
        var out = BinaryArchive.Writer(descriptor: descriptor)
        out.value(Self.magic)
        out.string(key)
        compiled.write(to: &out)
        out.value(out.checksum.value)
        let written = out.flush()
        guard close(descriptor) == 0, written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
        prune()
    }

    /// Removes all but the newest `keptFiles` compiled files (and temporary files of crashed runs).
    private func prune() {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return }
        let files = names.filter { $0.hasSuffix(Self.suffix) || $0.hasSuffix(".tmp") }.map { path in
            let path = "\(folder)/\(path)"
            return (path: path, modified: (try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast)
        }
        for old in files.sorted(by: { $0.modified > $1.modified }).dropFirst(Self.keptFiles) { try? manager.removeItem(atPath: old.path) }
    }

    /// This executable's size, modification time and inode: a rebuilt tool has another.
    private static func buildIdentity() -> String? {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return nil }
        return "\(status.st_size)-\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)-\(status.st_ino)"
    }

    /// FNV-1a of the key, as 16 hex digits.
    private static func name(for key: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
