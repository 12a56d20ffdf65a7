/// Caps that keep a hostile or broken feed from using unbounded time or memory.
///
/// The defaults are generous for IODEF and RSS/Atom; tests lower them to stay fast.
public struct FeedLimits: Sendable, Hashable {
    /// Largest feed accepted, in bytes.
    public var maxBytes: Int
    /// Deepest element nesting accepted (the root element is at depth 1).
    public var maxDepth: Int
    /// Longest text accepted in one field (a description, an id), in bytes.
    public var maxTextBytes: Int
    /// Most attributes accepted on one element (libxml2 2.9 is quadratic in this).
    public var maxAttributesPerElement: Int
    /// Largest record (an IODEF incident, a mapped record) accepted, in bytes: an incident is
    /// read into memory whole before its fields are taken from it.
    public var maxRecordBytes: Int

    public init(
        maxBytes: Int = FeedLimits.defaultMaxBytes, maxDepth: Int = FeedLimits.defaultMaxDepth,
        maxTextBytes: Int = FeedLimits.defaultMaxTextBytes,
        maxAttributesPerElement: Int = FeedLimits.defaultMaxAttributesPerElement,
        maxRecordBytes: Int = FeedLimits.defaultMaxRecordBytes
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxTextBytes = maxTextBytes
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxRecordBytes = maxRecordBytes
    }

    /// 4 GiB: far above any partner feed, and still a bound.
    public static let defaultMaxBytes = 4 << 30
    /// IODEF documents nest about 10 levels; libxml2 itself stops at 256.
    public static let defaultMaxDepth = 64
    /// 1 MiB of text in one field; libxml2 itself stops at 10 MB per text node.
    public static let defaultMaxTextBytes = 1 << 20
    /// IODEF elements carry at most a handful of attributes.
    public static let defaultMaxAttributesPerElement = 64
    /// 16 MiB: an incident is a few kilobytes; sixteen fields at the text limit still fit.
    public static let defaultMaxRecordBytes = 16 << 20

    /// The defaults above.
    public static let standard = FeedLimits()
}
