// PLACEHOLDER until the loader lands: the public surface other modules build against.

/// Reads and validates `taxonomy.yaml` and the rule files it names.
public enum TaxonomyLoader {
    /// Loads the taxonomy at `path`; throws `TaxonomyLoadError` listing every located problem.
    public static func load(from path: String) throws -> LoadedTaxonomy {
        throw TaxonomyLoadError(diagnostics: [
            TaxonomyDiagnostic(severity: .error, location: SourceLocation(file: path), message: "loader not written yet")
        ])
    }
}

/// A taxonomy that passed validation, with the warnings found on the way.
public struct LoadedTaxonomy: Sendable {
    public var taxonomy: Taxonomy
    public var warnings: [TaxonomyDiagnostic]
}

/// One problem in a taxonomy file.
public struct TaxonomyDiagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var location: SourceLocation
    public var message: String
}

/// Thrown when a taxonomy has errors; holds all of them, in file order.
public struct TaxonomyLoadError: Error, Sendable {
    public var diagnostics: [TaxonomyDiagnostic]
}
