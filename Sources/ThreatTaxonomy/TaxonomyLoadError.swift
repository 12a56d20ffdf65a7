import SafeYAML

/// Thrown when a taxonomy has errors; holds all of them, in file order.
public struct TaxonomyLoadError: Error, Sendable, CustomStringConvertible {
    /// The errors, in file order.
    public var diagnostics: [Diagnostic]
    /// Warnings found on the way, in file order.
    public var warnings: [Diagnostic]

    public init(diagnostics: [Diagnostic], warnings: [Diagnostic] = []) {
        self.diagnostics = diagnostics
        self.warnings = warnings
    }

    public var description: String {
        diagnostics.map { $0.rendered() }.joined(separator: "\n")
    }
}
