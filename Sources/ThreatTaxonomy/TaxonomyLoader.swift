import Foundation
import SafeYAML

/// Reads and validates `taxonomy.yaml` and the rule files it names.
///
/// Every problem is collected, not just the first, each with its file, line and column;
/// see `Taxonomy/README.md` for the format.
public enum TaxonomyLoader {
    /// Loads the taxonomy at `path`; throws `DiagnosticsError` listing every located problem.
    public static func load(from path: String) throws -> LoadedTaxonomy {
        let result = check(path)
        guard let taxonomy = result.taxonomy else {
            throw DiagnosticsError(diagnostics: result.errors)
        }
        return LoadedTaxonomy(taxonomy: taxonomy, warnings: result.warnings, files: result.files)
    }

    /// Validates the taxonomy at `path` without throwing: all errors and warnings in file order,
    /// and the taxonomy when there are no errors.
    public static func check(_ path: String) -> TaxonomyCheck {
        let sink = DiagnosticSink()
        var draft = TaxonomyDraft()
        var files: [SourceFile] = []
        if let main = YAMLFile.open(path, describedAs: "taxonomy file '\(path)'", referencedAt: nil, sink: sink) {
            files.append(SourceFile(path: path, digest: SourceFile.digest(of: sink.text(of: path) ?? "")))
            draft = TaxonomyFileReader(file: main).read()
            readRuleFiles(of: path, into: &draft, files: &files, sink: sink)
            TreeChecker(draft: draft, sink: sink).check()
            ClassChecker(draft: draft, sink: sink).check()
            TaxonomyWarnings(draft: draft, sink: sink).check()
        }
        var taxonomy = sink.hasErrors ? nil : Taxonomy(
            version: draft.version, name: draft.name, languages: draft.languages,
            schemes: draft.schemes, nodes: draft.nodes.map(\.node), classDefinitions: draft.classDefinitions,
            classes: draft.classes)
        taxonomy?.rulesHash = String(sink.contentHash, radix: 16).leftPadded(to: 16)
        return TaxonomyCheck(taxonomy: taxonomy, diagnostics: sink.sorted, files: files)
    }

    private static func readRuleFiles(
        of mainPath: String, into draft: inout TaxonomyDraft, files: inout [SourceFile], sink: DiagnosticSink
    ) {
        let folder = (mainPath as NSString).deletingLastPathComponent
        var seen: [String: SourceLocation] = [:]
        for (relative, reference) in draft.ruleFiles {
            let path = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(relative)
            let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            let root = URL(fileURLWithPath: folder.isEmpty ? "." : folder).standardizedFileURL.resolvingSymlinksInPath().path
            guard !relative.hasPrefix("/"), resolved.hasPrefix(root + "/") else {
                sink.error("the rule file '\(relative)' is outside the taxonomy's folder: rule files must sit in the folder of "
                           + "taxonomy.yaml or below it (as rules/en.yaml)", at: reference)
                continue
            }
            if let first = seen[path] {
                sink.error("the rule file '\(relative)' is listed twice (first at line \(first.line))", at: reference)
                continue
            }
            seen[path] = reference
            guard let file = YAMLFile.open(path, describedAs: "rule file '\(relative)' (looked for \(path))", referencedAt: reference, sink: sink) else { continue }
            files.append(SourceFile(path: path, digest: SourceFile.digest(of: sink.text(of: path) ?? "")))
            RuleFileReader(file: file).read(into: &draft)
        }
    }
}

/// A taxonomy that passed validation, with the warnings found on the way.
public struct LoadedTaxonomy: Sendable {
    public var taxonomy: Taxonomy
    public var warnings: [Diagnostic]
    /// The files it was read from: the taxonomy file, then its rule files in the order listed.
    public var files: [SourceFile]

    public init(taxonomy: Taxonomy, warnings: [Diagnostic], files: [SourceFile]) {
        self.taxonomy = taxonomy
        self.warnings = warnings
        self.files = files
    }
}

/// The outcome of validating a taxonomy: what `cop-threats taxonomy check` prints.
public struct TaxonomyCheck: Sendable {
    /// The taxonomy, when it has no errors.
    public var taxonomy: Taxonomy?
    /// Errors and warnings in file order.
    public var diagnostics: [Diagnostic]
    /// The files read: the taxonomy file, then the rule files that could be opened.
    public var files: [SourceFile]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
