import Foundation
import SafeYAML
import ThreatTaxonomy

/// A folder of loaded taxonomies and their compiled rules, so that every run after the first
/// with the same taxonomy files reads them (a fraction of a second) instead of parsing the YAML
/// and compiling the rules (seconds, and most of the run's memory). A file is named by the
/// taxonomy file's path, this build of the tool (the executable's size, time and inode) and the
/// format version, and lists the files the taxonomy was read from with the digest of the text
/// the loader parsed (`SourceFile`): a changed taxonomy or rule file (even one saved while the
/// taxonomy loaded), or a rebuilt tool, never reads an old file. Files that
/// cannot be read are loaded and compiled again; one that cannot be written is skipped: the
/// cache only ever saves time. The newest `keptFiles` are kept.
public struct CompiledRulesCache: Sendable {
    /// The folder the compiled rules are kept in.
    public let folder: String
    static let formatVersion = 12
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

    /// The taxonomy at `path` with its rules compiled, and the warnings found when it was
    /// loaded: read from the folder when its files are unchanged since this build kept them,
    /// else loaded with `load` (whose errors are thrown as they are), compiled and kept.
    public func ruleSet(
        taxonomyAt path: String, load: (String) throws -> LoadedTaxonomy
    ) throws -> (ruleSet: RuleSet, warnings: [Diagnostic]) {
        guard let build = Self.buildIdentity() else {
            let loaded = try load(path)
            return (try RuleSet(taxonomy: loaded.taxonomy), loaded.warnings)
        }
        let key = "\(Self.formatVersion) \(build) \(FileManager.default.currentDirectoryPath) \(path)"
        let file = "\(folder)/\(Self.name(for: key))\(Self.suffix)"
        if let kept = Self.read(file, key: key) { return kept }
        let loaded = try load(path)
        let ruleSet = try RuleSet(taxonomy: loaded.taxonomy)
        write(ruleSet, warnings: loaded.warnings, sources: loaded.files, key: key, to: file)
        return (ruleSet, loaded.warnings)
    }

    private static func read(_ path: String, key: String) -> (ruleSet: RuleSet, warnings: [Diagnostic])? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        var input = BinaryArchive.Reader(descriptor: descriptor, size: Int(status.st_size))
        guard (try? input.value() as UInt64) == magic, (try? input.string()) == key,
              let sources = try? input.strings(), let digests = try? input.array() as [UInt64],
              digests.count == sources.count, zip(sources, digests).allSatisfy({ SourceFile.digest(ofFileAt: $0) == $1 }),
              let warnings = try? (0..<input.int()).map({ _ in try Diagnostic(from: &input) }),
              let taxonomy = try? Taxonomy(from: &input), let compiled = try? CompiledRules(from: &input)
        else { return nil }
        let expected = input.checksum.value
        guard (try? input.value() as UInt64) == expected else { return nil }
        futimens(descriptor, nil)  // used now: kept by `prune` ahead of files not used for longer
        return (RuleSet(taxonomy: taxonomy, compiled: compiled), warnings)
    }

    private func write(_ ruleSet: RuleSet, warnings: [Diagnostic], sources: [SourceFile], key: String, to path: String) {
        let temporary = "\(path).\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return }
        var out = BinaryArchive.Writer(descriptor: descriptor)
        out.value(Self.magic)
        out.string(key)
        out.strings(sources.map(\.path))
        out.array(sources.map(\.digest))
        out.int(warnings.count)
        for warning in warnings { warning.write(to: &out) }
        ruleSet.taxonomy.write(to: &out)
        ruleSet.compiled.write(to: &out)
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

    /// The size, modification time and inode of this executable (`/proc/self/exe`), and of the
    /// program named on the command line when that is a path (under valgrind the first is
    /// valgrind's, the second the tool's): a rebuilt tool has another.
    private static func buildIdentity() -> String? {
        func identity(_ path: String) -> String? {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            return "\(status.st_size)-\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)-\(status.st_ino)"
        }
        guard let executable = identity("/proc/self/exe") else { return nil }
        guard let program = CommandLine.arguments.first, program.contains("/"), let named = identity(program) else { return executable }
        return named == executable ? executable : "\(executable) \(named)"
    }

    /// The key's digest (as a taxonomy file's), as 16 hex digits.
    private static func name(for key: String) -> String {
        let hex = String(SourceFile.digest(of: key), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
