import Foundation
import SafeYAML
import Yams

/// The SHA-256 of a taxonomy file and of every rule file it lists (`rule_files:`), in the order
/// listed: two stores labelled by byte-identical rules carry the same fingerprint, whatever the
/// taxonomy's version string says.
public enum RuleFingerprint {
    /// Fingerprints the taxonomy at `path`. The taxonomy is expected to have been loaded and
    /// validated already; a rule file that cannot be read is an error here.
    public static func of(taxonomyAt path: String) throws -> String {
        let main = try Data(contentsOf: URL(fileURLWithPath: path))
        var hash = SHA256()
        hash.update(main)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        for relative in try ruleFiles(in: String(decoding: main, as: UTF8.self)) {
            let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : folder.appendingPathComponent(relative)
            let bytes = try Data(contentsOf: url)
            // Name and length first, so moving bytes from one file to the next changes the hash.
            hash.update(Array("\(relative)\n\(bytes.count)\n".utf8))
            hash.update(bytes)
        }
        return hash.hexDigest()
    }

    /// The `rule_files:` of a taxonomy file, read as the loader reads them (each item as text).
    private static func ruleFiles(in taxonomy: String) throws -> [String] {
        guard case .mapping(let top)? = try SafeYAML.compose(yaml: taxonomy),
              case .sequence(let list)? = top.first(where: { $0.key.scalar?.string == "rule_files" })?.value
        else { return [] }
        return list.compactMap { $0.scalar?.string }
    }
}
