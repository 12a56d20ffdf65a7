import ArgumentParser
import Pipeline
import ReportIO

/// The inputs of a batch and how to read them, shared by `classify` and `store ingest`.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Files or folders of reports; - reads standard input. FILE:text=Narrative,id=CaseRef reads one input with its own field names (id, text, lang, country, partner, date, partner_codes).",
        valueName: "input"))
    var inputs: [String]

    @Option(help: ArgumentHelp("Read every input as this format instead of guessing from file names.", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("The field (JSON key or CSV column) holding the report id.", valueName: "name"))
    var idField = "id"
    @Option(help: ArgumentHelp("The field holding the report text.", valueName: "name"))
    var textField = "text"
    @Option(help: ArgumentHelp("The field holding the language code (ar, zh, en, fr, ru, es).", valueName: "name"))
    var langField = "lang"
    @Option(help: ArgumentHelp("The field holding the country code.", valueName: "name"))
    var countryField = "country"
    @Option(help: ArgumentHelp("The field holding the partner that sent the report.", valueName: "name"))
    var partnerField = "partner"
    @Option(help: ArgumentHelp("The field holding the ISO 8601 date.", valueName: "name"))
    var dateField = "date"
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Metadata for reports that carry none, as field=value (lang, country, partner, date); repeat for several, as in --set country=FR --set partner=\"Helpline FR\". A report's own value wins.",
        valueName: "field=value"))
    var defaults: [String] = []

    @Option(help: ArgumentHelp(
        "The largest record read, in bytes (16777216 is 16 MB); a longer line, row or text file is one rejected record.",
        valueName: "n"))
    var maxRecordBytes = RecordLimit.defaultBytes

    @Option(help: ArgumentHelp(
        "The CSV field separator: comma, semicolon, tab or one character (default: what each file's header row uses).",
        valueName: "separator"))
    var delimiter: String?

    @Option(help: ArgumentHelp(
        "The encoding of the inputs when it is not UTF-8: windows-1252 or latin-1 (XML feeds are read as UTF-8 only, and refused in another encoding).",
        valueName: "name"))
    var encoding: String?

    @Option(help: ArgumentHelp(
        "How many line breaks a quoted CSV field may hold; past them the row is rejected as an unclosed quote and reading goes on at its next line.",
        valueName: "n"))
    var maxFieldLines = CSVRecordParser.defaultMaxQuotedLines

    func validate() throws {
        if maxRecordBytes < 1 { throw ValidationError("Please give --max-record-bytes a number of at least 1.") }
        if maxFieldLines < 0 { throw ValidationError("Please give --max-field-lines a number of at least 0.") }
        _ = try configuration(carrying: [])
    }

    /// The inputs and how to read them; `carry` names the fields copied into each report's output.
    func configuration(carrying carry: [String]) throws -> BatchRun.Configuration {
        var configuration = BatchRun.Configuration(inputs: try batchInputs())
        configuration.format = inputFormat
        configuration.fields = FieldMapping(
            id: idField, text: textField, lang: langField, country: countryField, partner: partnerField,
            date: dateField, carry: carry)
        configuration.maxRecordBytes = maxRecordBytes
        configuration.csvDelimiter = try delimiterByte()
        configuration.encoding = try inputEncoding()
        configuration.maxFieldLines = maxFieldLines
        configuration.defaults = try metadataDefaults()
        return configuration
    }

    /// The inputs, each with its own field names if it gives any.
    private func batchInputs() throws -> [BatchRun.Input] {
        do { return try inputs.map(BatchRun.Input.init(argument:)) } catch { throw ValidationError(TerminalText.escaped(error.description)) }
    }

    /// `--set field=value`, each once.
    private func metadataDefaults() throws -> MetadataDefaults {
        var result = MetadataDefaults()
        for assignment in defaults {
            do { try result.set(assignment) } catch { throw ValidationError("--set \(TerminalText.escaped(error.description)).") }
        }
        return result
    }

    /// `--encoding`, or `nil` for UTF-8.
    private func inputEncoding() throws -> SingleByteEncoding? {
        guard let encoding, !["utf-8", "utf8"].contains(encoding.lowercased()) else { return nil }
        guard let known = SingleByteEncoding(name: encoding) else {
            throw ValidationError("'\(encoding)' is not an encoding this tool reads: give utf-8 (the default), windows-1252 or latin-1.")
        }
        return known
    }

    /// `--delimiter` as a byte: a name or one ASCII character other than a quote or a line break.
    private func delimiterByte() throws -> UInt8? {
        guard let delimiter else { return nil }
        switch delimiter.lowercased() {
        case "comma", ",": return UInt8(ascii: ",")
        case "semicolon", ";": return UInt8(ascii: ";")
        case "tab", "\\t", "\t": return 0x09
        default:
            guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D else {
                throw ValidationError("'\(delimiter)' is not a CSV separator: give comma, semicolon, tab or one character other than a quote.")
            }
            return byte
        }
    }
}
