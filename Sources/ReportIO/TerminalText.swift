/// Text from reports, file names and headers made safe to print: control characters, which a
/// terminal would obey (ESC sequences can move the cursor, rewrite the screen or set the window
/// title), are shown as escapes instead. Newlines and tabs are kept.
public enum TerminalText {
    /// `text` with every C0 control but newline and tab, DEL and every C1 control written as
    /// `\x1B` (C0, DEL) or `\u{9B}` (C1).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out += scalar.value < 0x80 ? "\\x" + (hex.count == 1 ? "0" : "") + hex : "\\u{\(hex)}"
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00..<0x20, 0x7F..<0xA0: true
        default: false
        }
    }
}
