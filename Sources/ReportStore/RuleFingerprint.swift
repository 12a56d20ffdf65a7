import Foundation
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
        let document = try Yams.load(yaml: String(decoding: main, as: UTF8.self)) as? [String: Any]
        for case let relative as String in document?["rule_files"] as? [Any] ?? [] {
            let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : folder.appendingPathComponent(relative)
            let bytes = try Data(contentsOf: url)
            // Name and length first, so moving bytes from one file to the next changes the hash.
            hash.update(Array("\(relative)\n\(bytes.count)\n".utf8))
            hash.update(bytes)
        }
        return hash.hexDigest()
    }
}
