/// A place in a hand-edited file, for messages a maintainer can act on.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file path as given to the loader.
    public var file: String
    /// 1-based line number; 0 when unknown.
    public var line: Int
    /// 1-based column number; 0 when unknown.
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, the form editors and terminals jump to.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
