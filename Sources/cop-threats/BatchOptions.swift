import Foundation
import ArgumentParser
import ReportIO
import Reporting
import ThreatTaxonomy

extension InputFormat: ExpressibleByArgument {}
extension ClassificationWriter.Format: ExpressibleByArgument {}
extension SummaryFormat: ExpressibleByArgument {}

/// `--by` and `--codes`, shared by `classify` and `summarize`.
struct SummaryOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Break the counts down by these fields, comma-separated: lang, country, partner, month (YYYY-MM of the date), quarter (YYYY-Qn) or a carried field (--carry); join fields with + for a cross-table (country+month).",
        valueName: "fields"))
    var by: String?

    @Option(help: ArgumentHelp(
        "Add the codes of this crosswalk scheme (e.g. oecd, dsa, rsit) to each report and count them.",
        valueName: "scheme"))
    var codes: String?

    @Option(help: ArgumentHelp(
        "With --codes: the crosswalk relations whose codes a report gets, comma-separated (exact, broad, narrow, related) or all; default exact,broad (codes that mean the node or contain it).",
        valueName: "relations"))
    var relations: String?

    /// `--relations`, or the default.
    func crosswalkRelations() throws -> Set<CrosswalkRelation> {
        guard let relations else { return CodeResolver.defaultRelations }
        if relations == "all" { return Set(CrosswalkRelation.allCases) }
        var result = Set<CrosswalkRelation>()
        for name in relations.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let relation = CrosswalkRelation(rawValue: name) else {
                throw ValidationError("'\(TerminalText.escaped(name))' is not a crosswalk relation; use exact, broad, narrow, related or all.")
            }
            result.insert(relation)
        }
        return result
    }

    /// The breakdowns asked for, in order. A name that is not a report field (lang, country,
    /// partner, month, quarter) is a carried field: one of `carried` when it is given (`classify
    /// --carry`), any field of the output's `extra` otherwise (`summarize`).
    func dimensions(carried: [String]? = nil) throws -> [SummaryDimension] {
        guard let by else { return [] }
        var dimensions: [SummaryDimension] = []
        for name in by.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let dimension = SummaryDimension(rawValue: name) else {
                throw ValidationError(
                    "'\(TerminalText.escaped(name))' is not a breakdown; use lang, country, partner, month, quarter or a carried field, or fields joined by + (country+month), each field once.")
            }
            if let carried {
                for case .carried(let field) in dimension.fields where !carried.contains(field) {
                    throw ValidationError(
                        "--by '\(TerminalText.escaped(field))' is not a report field (lang, country, partner, month, quarter); to count by a field of the input, carry it too: --carry \(TerminalText.escaped(field)).")
                }
            }
            guard !dimensions.contains(dimension) else {
                throw ValidationError("--by names '\(name)' twice; please name each field once.")
            }
            dimensions.append(dimension)
        }
        return dimensions
    }

    /// The code resolver for `--codes`; an unknown scheme is reported with the known ones.
    func codeResolver(for taxonomy: Taxonomy) throws -> CodeResolver? {
        guard let codes else { return nil }
        let relations = try crosswalkRelations()
        do { return try CodeResolver(taxonomy: taxonomy, scheme: codes, relations: relations) } catch {
            Diagnostics.say(error.description)
            throw ExitCode(1)
        }
    }
}

/// Refuses a `--workers` count below 1.
func checkWorkers(_ workers: Int?) throws {
    if let workers, workers < 1 { throw ValidationError("Please give --workers a number of at least 1.") }
}

/// Refuses, before anything is opened for writing, outputs that are one of the inputs or each
/// other, or whose folder does not exist (exit status 1). Each output and other file read is
/// given with its option; `nil` paths (options not given) are left out.
func checkOutputs(_ outputs: KeyValuePairs<String, String?>, inputs: [String], alsoReading: KeyValuePairs<String, String?> = [:]) throws {
    func named(_ pairs: KeyValuePairs<String, String?>) -> [NamedPath] {
        pairs.compactMap { option, path in path.map { NamedPath(option, $0) } }
    }
    do {
        try OutputCheck.check(outputs: named(outputs), inputs: inputs.map { NamedPath("the input", $0) } + named(alsoReading))
    } catch {
        Diagnostics.say(error.description)
        throw ExitCode(1)
    }
}

/// Opens `-o FILE`, or stdout when no file is given.
func openOutput(_ path: String?) throws -> OutputSink {
    guard let path, path != "-" else { return OutputSink() }
    do { return try OutputSink(path: path) } catch {
        Diagnostics.say("\(error)")
        throw ExitCode(1)
    }
}

/// Says which file holds which rejected records, when they went to more than one.
func sayWhereRejectsAre(_ writer: RejectsWriter) {
    guard writer.files.count > 1 else { return }
    let files = writer.files.map { file in
        "\(file.path) (\(file.csvHeader == nil ? "lines, the first from" : "CSV rows under the header of") \(file.firstInput))"
    }
    Diagnostics.say("The rejected records are in " + files.joined(separator: ", ") + ".")
}

/// Writes a command's result to stdout. A stdout that cannot be written (`>/dev/full`) is said
/// and ends the run with status 1; a reader that goes away (`| head`) is not an error.
func writeResult(_ text: String) throws {
    let out = OutputSink()
    do {
        try out.write(text)
        try OutputSink.commit([out])
    } catch {
        Diagnostics.say("\(error)")
        throw ExitCode(1)
    }
}

/// Opens a file, or stdin for `-`, as a byte stream; inflates `.gz` files.
func openBytes(_ path: String) throws -> any ByteStream {
    guard path != "-" else { return FileByteStream() }
    let file = try FileByteStream(path: path)
    return path.hasSuffix(".gz") ? try GzipStream(file) : file
}


