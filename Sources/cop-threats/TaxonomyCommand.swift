import ArgumentParser
import Foundation
import Reporting
import ThreatRules
import ThreatTaxonomy

/// `cop-threats taxonomy`: look after the taxonomy files.
struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Check, show and test the threat taxonomy and its rules.",
        discussion: """
            For taxonomy maintainers: run 'check' after every edit of taxonomy.yaml or a rule \
            file, and 'test' before a release.
            """,
        subcommands: [Check.self, Show.self, Export.self, Terms.self, Test.self, Impact.self])
}

extension TaxonomyCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the taxonomy and its rule files, and list every problem found.",
            discussion: """
                Each problem is printed with its file, line and column and the offending line. \
                Errors (unknown keys, duplicate ids, a '*' inside a term, ...) stop every other \
                command from using the taxonomy; warnings (a leaf without rules in a language, \
                a name not translated, ...) do not. Exits with status 1 when there are errors.

                Example:
                  cop-threats taxonomy check Taxonomy/taxonomy.yaml
                """)

        @Argument(help: ArgumentHelp("The taxonomy file (default: as for --taxonomy).", valueName: "path"))
        var path: String?

        @OptionGroup var taxonomy: TaxonomyOptions

        func run() throws {
            let path = path ?? taxonomy.resolvedPath
            let result = TaxonomyLoader.check(path)
            for diagnostic in result.diagnostics { Diagnostics.say(diagnostic.rendered()) }
            var (errors, warnings) = (result.errors.count, result.warnings.count)
            // The loader checks the files; compiling finds what only the matcher can (a term
            // with no letter or digit left after folding), so check and classify agree.
            var compiled: RuleSet?
            if let loaded = result.taxonomy {
                do {
                    compiled = try RuleSet(taxonomy: loaded)
                } catch let error as CompileError {
                    Diagnostics.say(error.description)
                    errors += 1
                }
            }
            if let loaded = result.taxonomy, let compiled, errors == 0 {
                try writeResult(loaded.summaryLine(errors: errors, warnings: warnings) + "\n"
                    + Self.sizeLine(compiled.statistics) + "\n")
            } else {
                try writeResult("The taxonomy at \(path) has \(counted(errors, "error")) and \(counted(warnings, "warning")): "
                      + "fix the errors above, then run this check again.\n")
                throw ExitCode(1)
            }
        }

        /// What the compiled rules cost the matcher, so a maintainer sees a change's weight.
        static func sizeLine(_ size: RuleSet.Statistics) -> String {
            let megabytes = Double(size.memoryBytes) / 1_048_576
            return "Compiled: \(size.literals.formatted()) spellings in \(size.states.formatted()) matcher states, "
                + "\(String(format: "%.1f", megabytes)) MB."
        }

        private func counted(_ count: Int, _ noun: String) -> String {
            "\(count) \(noun)\(count == 1 ? "" : "s")"
        }
    }

    struct Show: ParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable { case tree, json }

        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the taxonomy tree with each node's id, English name and rule counts.",
            discussion: """
                'tree' is for reading; 'json' gives every node with its path, names, crosswalk \
                codes and rule counts per language, for scripts and dashboards.

                Examples:
                  cop-threats taxonomy show
                  cop-threats taxonomy show --format json > taxonomy.json
                """)

        @Option(help: "Output format: tree or json.")
        var format: Format = .tree

        @OptionGroup var taxonomy: TaxonomyOptions

        func run() throws {
            let loaded = try taxonomy.load()
            try writeResult((format == .tree ? loaded.treeText() : loaded.jsonText()) + "\n")
        }
    }

    struct Export: ParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable { case misp, csv, skos }

        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the taxonomy in a format partners load: a MISP taxonomy, a crosswalk table or SKOS.",
            discussion: """
                'misp' writes a MISP taxonomy (machinetag.json, namespace cop-threats): a predicate per top-level category, an entry per node below it, with English names and definitions; put it in a folder of MISP's taxonomies and enable it. 'csv' writes one row per node and crosswalk code (node, parent, scheme, code, relation) with the node's name in each language. 'skos' writes a SKOS concept scheme in Turtle for thesaurus tools (VocBench, Skosmos) and RDF stores: a concept per node, urn:cop-threats:node:<id>, with its names in each language, its definition, its broader and narrower nodes, and its crosswalk codes as exactMatch, broadMatch, narrowMatch or relatedMatch (each code a blank node with its skos:notation, in the scheme urn:cop-threats:scheme:<key>).

                Examples:
                  cop-threats taxonomy export --format misp > cop-threats/machinetag.json
                  cop-threats taxonomy export --format csv > crosswalks.csv
                  cop-threats taxonomy export --format skos > cop-threats.ttl
                """)

        @Option(help: "Output format: misp, csv or skos.")
        var format: Format

        @OptionGroup var taxonomy: TaxonomyOptions

        func run() throws {
            let loaded = try taxonomy.load()
            switch format {
            case .misp: try writeResult(loaded.mispMachinetag() + "\n")
            case .csv: try writeResult(loaded.crosswalkCSV())
            case .skos: try writeResult(loaded.skosTurtle())
            }
        }
    }

    struct Terms: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "terms",
            abstract: "List every rule term, lowercased and without its '*', one per line.",
            discussion: """
                Terms and the parts of near rules are listed; exclusions are not. Use the list to \
                find reports that might concern a threat, or to spot terms no report ever uses.

                Example:
                  cop-threats taxonomy terms --lang en > terms.txt
                  grep -F -i -f terms.txt reports.txt
                """)

        @Option(help: ArgumentHelp("Only the terms of this language (ar, zh, en, fr, ru, es).", valueName: "code"))
        var lang: String?

        @OptionGroup var taxonomy: TaxonomyOptions

        func run() throws {
            let loaded = try taxonomy.load()
            if let lang, !loaded.ruleLanguages.contains(lang) {
                Diagnostics.say(
                    "The taxonomy has no rules in '\(lang)'. Please use one of: \(loaded.ruleLanguages.joined(separator: ", ")).")
                throw ExitCode.validationFailure
            }
            try writeResult(loaded.termLiterals(language: lang).map { $0 + "\n" }.joined())
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every node's inline examples through the classifier.",
            discussion: """
                Each node's 'examples' in taxonomy.yaml say which short texts must, and must not, \
                be labelled with it. A text matches a node when the node or one of its descendants \
                is among its labels. Each failing example is printed with its location; exits \
                with status 1 if any fails.

                Example:
                  cop-threats taxonomy test
                """)

        @OptionGroup var taxonomy: TaxonomyOptions

        func run() throws {
            let rules = try taxonomy.compile()
            let failures = rules.taxonomy.failingExamples { text, language in
                Set(rules.classify(text, language: language).labels.flatMap(\.path))
            }
            for failure in failures { Diagnostics.say(failure.description) }
            let total = rules.taxonomy.exampleCount
            if failures.isEmpty {
                try writeResult("All \(total) example\(total == 1 ? "" : "s") pass.\n")
            } else {
                try writeResult("\(failures.count) of \(total) examples fail.\n")
                throw ExitCode(1)
            }
        }
    }
}
