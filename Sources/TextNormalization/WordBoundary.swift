/// The two boundary bytes of normalized text.
public enum WordBoundary {
    /// Between two words of one sentence, and where a run of CJK meets another script.
    public static let space: UInt8 = 0x20
    /// At a sentence end (`.` `!` `?` `;` `。` `！` `？` `؟` a line break …); also a word boundary.
    public static let sentence: UInt8 = 0x0A

    /// Whether `byte` is one of the two boundary bytes.
    public static func isBoundary(_ byte: UInt8) -> Bool { byte == space || byte == sentence }
}
