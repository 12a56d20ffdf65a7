/// Folds report text and rule terms into one comparable byte form, in one pass over UTF-8.
///
/// Because terms go through the same function as texts, a term matches a text iff the term's
/// normalized bytes occur in the text's normalized bytes at word boundaries (or anywhere, for
/// a CJK term: see ``ScriptKind``).
public final class TextNormalizer: Sendable {
    /// The shared normalizer; its tables are built on first use.
    public static let shared = TextNormalizer()

    private init() {}

    /// Normalizes UTF-8 (valid or not) into `output`, reusing its storage.
    /// - Parameter foldDiacritics: `false` keeps accents (é ≠ e), to verify terms marked exact.
    public func normalize(_ input: UnsafeBufferPointer<UInt8>, into output: inout NormalizedText, foldDiacritics: Bool = true) {
        output.bytes.removeAll(keepingCapacity: true)
        output.starts.removeAll(keepingCapacity: true)
        output.ends.removeAll(keepingCapacity: true)
        var pendingBoundary: UInt8 = 0
        for (i, b) in input.enumerated() {
            let isWord = (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
            if !isWord {
                if !output.bytes.isEmpty {
                    let kind = (b == 0x0A || b == 0x2E) ? WordBoundary.sentence : WordBoundary.space
                    if pendingBoundary != WordBoundary.sentence { pendingBoundary = kind }
                }
                continue
            }
            if pendingBoundary != 0 {
                output.bytes.append(pendingBoundary)
                output.starts.append(UInt32(i))
                output.ends.append(UInt32(i))
                pendingBoundary = 0
            }
            output.bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            output.starts.append(UInt32(i))
            output.ends.append(UInt32(i + 1))
        }
    }

    /// Normalizes a string.
    public func normalize(_ text: String, foldDiacritics: Bool = true) -> NormalizedText {
        var output = NormalizedText()
        var text = text
        text.withUTF8 { normalize($0, into: &output, foldDiacritics: foldDiacritics) }
        return output
    }
}
