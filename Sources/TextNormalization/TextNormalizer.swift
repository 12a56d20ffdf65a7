/// Folds report text and rule terms into one comparable byte form, in one pass over UTF-8.
///
/// Because terms go through the same function as texts, a term matches a text iff the term's
/// normalized bytes occur in the text's normalized bytes at word boundaries (or anywhere, for
/// a CJK term: see ``ScriptKind``).
public final class TextNormalizer: Sendable {
    /// The shared normalizer; its tables are built on first use.
    public static let shared = TextNormalizer()

    private let table = ScalarTable()

    private init() {}

    /// Normalizes UTF-8 (valid or not) into `output`, reusing its storage. Invalid bytes are
    /// separators. Input longer than 4 GiB is not supported (offsets are 32-bit).
    /// - Parameter foldDiacritics: `false` keeps accents (é ≠ e, as base letter + combining
    ///   mark, so precomposed and decomposed input agree), to verify terms marked exact.
    public func normalize(
        _ input: UnsafeBufferPointer<UInt8>, into output: inout NormalizedText, foldDiacritics: Bool = true, spans: Bool = true
    ) {
        var pass = NormalizerPass(input: input, table: foldDiacritics ? table.folding : table.exact, pool: table.pool)
        var capacity = input.count * 2 + NormalizerPass.maxCharacterOutput * 2
        while true {
            output.reserve(capacity, spans: spans)
            let finished = output.withBuffers(capacity: capacity, spans: spans) { pass.run($0) }
            if finished { break }
            capacity *= 2
        }
        output.finish(count: pass.written)
        output.hasSpans = spans
    }

    /// Normalizes a string.
    public func normalize(_ text: String, foldDiacritics: Bool = true) -> NormalizedText {
        var output = NormalizedText()
        var text = text
        text.withUTF8 { normalize($0, into: &output, foldDiacritics: foldDiacritics) }
        return output
    }
}
