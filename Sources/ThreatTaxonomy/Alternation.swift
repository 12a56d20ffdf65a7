/// `{a|b|c}` alternation in term patterns: `{his|her} parents` is two terms, `{|very }young`
/// makes a part optional.
public enum Alternation {
    /// At most this many spellings per pattern: a cross product of slots belongs in classes
    /// combined by a rule (`{all: [$verb, $object], within: 3}`), not in one term, or the
    /// automaton grows by the product (one language once reached 340,000 spellings and two
    /// minutes of compiling).
    public static let maxVariants = 64

    /// Every spelling of a pattern, in written order; the pattern itself when it has no braces.
    public static func expand(_ pattern: String) -> [String] {
        guard pattern.utf8.contains(UInt8(ascii: "{")) else { return [collapsingSpaces(pattern)] }
        return spellings(Substring(pattern)).map(collapsingSpaces)
    }

    private static func spellings(_ pattern: Substring) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else { return [String(pattern)] }
        let head = pattern[..<open]
        let choices = pattern[pattern.index(after: open)..<close].split(separator: "|", omittingEmptySubsequences: false)
        let tails = spellings(pattern[pattern.index(after: close)...])
        var result: [String] = []
        for choice in choices {
            for tail in tails {
                guard result.count < maxVariants else { return result }
                result.append(head + choice + tail)
            }
        }
        return result
    }

    /// Why a pattern's braces are malformed, or `nil`.
    public static func problem(in pattern: String) -> String? {
        var depth = 0
        var alternatives = 1
        var count = 1
        for byte in pattern.utf8 {
            switch byte {
            case UInt8(ascii: "{"):
                if depth > 0 { return "braces cannot be nested: write {a|b} {c|d} side by side" }
                depth = 1
                alternatives = 1
            case UInt8(ascii: "}"):
                if depth == 0 { return "'}' has no matching '{'" }
                if alternatives < 2 { return "{...} needs at least two choices separated by '|', as in {his|her}" }
                depth = 0
                count = min(count * alternatives, maxVariants + 1)
            case UInt8(ascii: "|"):
                if depth == 0 { return "'|' is only allowed inside {...}" }
                alternatives += 1
            default: break
            }
        }
        if depth > 0 { return "'{' is not closed with '}'" }
        if count > maxVariants {
            return "it spells more than \(maxVariants) terms: give each slot a class of its own and combine them with "
                + "a rule ({all: [$a, $b], within: 3}), or leave out spellings the matcher folds anyway (accents, case)"
        }
        return nil
    }

    /// The text with runs of spaces and tabs made one space and none at either end.
    private static func collapsingSpaces(_ text: String) -> String {
        var previousIsSpace = true
        var tidy = true
        for byte in text.utf8 {
            let isSpace = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            if isSpace && (previousIsSpace || byte == UInt8(ascii: "\t")) { tidy = false; break }
            previousIsSpace = isSpace
        }
        if tidy && !previousIsSpace || text.isEmpty { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
