import Foundation

/// Where the taxonomy shipped with the tool is, so the tool runs from any folder.
public enum ShippedTaxonomy {
    /// The environment variable that names a taxonomy file instead of the shipped one.
    public static let environmentVariable = "COP_THREATS_TAXONOMY"

    /// The places looked at, in order: `$COP_THREATS_TAXONOMY`; `Taxonomy/taxonomy.yaml` in the
    /// current folder; the installed copy `../share/cop-threats/Taxonomy/taxonomy.yaml` next to
    /// the executable; the source tree the tool was built from.
    public static func candidates(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = CommandLine.arguments.first ?? "", sourceTree: String = sourceTreeRoot
    ) -> [String] {
        if let chosen = environment[environmentVariable], !chosen.isEmpty { return [chosen] }
        let binFolder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        return [
            "Taxonomy/taxonomy.yaml",
            binFolder.appendingPathComponent("../share/cop-threats/Taxonomy/taxonomy.yaml").standardized.path,
            sourceTree + "/Taxonomy/taxonomy.yaml",
        ]
    }

    /// The first candidate that exists, else the first one (whose error then names it).
    public static func defaultPath(candidates: [String] = candidates()) -> String {
        candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }

    /// The package folder this file was compiled in.
    public static let sourceTreeRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}
