import Foundation
import Testing

/// The shipped taxonomy, through the commands a maintainer runs.
@Suite struct ShippedTaxonomyTests {
    @Test func checkPasses() throws {
        let result = try CLI.run(["taxonomy", "check"])
        #expect(result.status == 0, "taxonomy check failed:\n\(result.stderr)")
        #expect(result.stdout.contains("0 errors"))
        // The compiled size, so a maintainer sees what a change costs the matcher.
        let size = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("Compiled: ") })
        #expect(size.contains(" spellings in ") && size.contains(" matcher states, ") && size.hasSuffix(" MB."))
    }

    /// The MISP export keeps to the misp-taxonomies repository's schema.json (commit 08d87573):
    /// only the keys it allows, the required ones, an integer version, unique items; and every
    /// node below a top-level category is an entry of that category's predicate, once.
    @Test func mispExportKeepsToTheSchemaAndHasEveryNode() throws {
        let result = try CLI.run(["taxonomy", "export", "--format", "misp"])
        #expect(result.status == 0, "\(result.stderr)")
        let tag = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(tag.keys).isSubset(of: ["version", "description", "expanded", "namespace", "type", "refs", "predicates", "values"]))
        #expect(tag["namespace"] as? String == "cop-threats" && tag["description"] is String && tag["version"] is Int)
        #expect(Set(tag["type"] as? [String] ?? ["?"]).isSubset(of: ["org", "user", "attribute", "event"]))
        let predicates = try #require(tag["predicates"] as? [[String: Any]])
        let values = try #require(tag["values"] as? [[String: Any]])
        for predicate in predicates {
            #expect(Set(predicate.keys).isSubset(of: ["numerical_value", "colour", "description", "expanded", "value"]) && predicate["value"] is String)
        }
        var entries: [String] = []
        for value in values {
            #expect(Set(value.keys).isSubset(of: ["entry", "predicate"]) && value["predicate"] is String)
            for entry in value["entry"] as? [[String: Any]] ?? [] {
                #expect(Set(entry.keys).isSubset(of: ["numerical_value", "expanded", "description", "value"]) && entry["value"] is String)
                entries.append(entry["value"] as? String ?? "")
            }
        }
        let show = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["taxonomy", "show", "--format", "json"]).stdout.utf8)) as? [String: Any])
        let nodes = try #require(show["nodes"] as? [[String: Any]])
        let roots = nodes.filter { $0["parent"] is NSNull }.compactMap { $0["id"] as? String }
        #expect(predicates.compactMap { $0["value"] as? String } == roots)
        #expect(entries.sorted() == nodes.filter { !($0["parent"] is NSNull) }.compactMap { $0["id"] as? String }.sorted())
        #expect(Set(entries).count == entries.count, "each node once")
    }

    /// With `--codes dsa` each labelled report gets the one statement category a DSA statement
    /// of reasons needs, next to the keywords.
    @Test func dsaCodesNameOneStatementCategory() throws {
        let batch = #"{"id":"x","text":"You have won a prize, send your bank details to claim it","lang":"en"}"# + "\n"
            + #"{"id":"y","text":"hello there","lang":"en"}"# + "\n"
        let result = try CLI.run(["classify", "-", "--no-evidence", "--codes", "dsa"], stdin: batch)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.contains(#""dsa_category":"STATEMENT_CATEGORY_SCAMS_AND_FRAUD","rules":""#) == true, "\(result.stdout)")
        #expect(lines.first?.contains("KEYWORD_PYRAMID_SCHEMES") == false, "a narrower code is not given by default")
        #expect(lines.last?.contains("dsa_category") == false, "no category without a label")
    }

    @Test func crosswalkCSVHasARowPerCodeWithNamesInSixLanguages() throws {
        let result = try CLI.run(["taxonomy", "export", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "node,parent,scheme,code,relation,name_ar,name_zh,name_en,name_fr,name_ru,name_es")
        #expect(lines.contains { $0.hasPrefix("csam,sexual-exploitation,dsa,KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL,exact,") })
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",") == false })
    }

    /// SKOS: a concept per node, with a name in each of the six languages; Scripts/check-skos.py
    /// parses it with rdflib and checks every statement against the taxonomy.
    @Test func skosExportHasAConceptPerNodeNamedInSixLanguages() throws {
        let result = try CLI.run(["taxonomy", "export", "--format", "skos"])
        #expect(result.status == 0, "\(result.stderr)")
        let concepts = result.stdout.components(separatedBy: "\n\nnode:").dropFirst()
        let rows = try CLI.run(["taxonomy", "export", "--format", "csv"]).stdout.split(separator: "\n").dropFirst()
        let nodes = rows.map { String($0.prefix { $0 != "," }) }.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(concepts.map { String($0.prefix { $0 != " " }) } == nodes)
        for concept in concepts {
            let labels = concept.split(separator: "\n").first { $0.contains("skos:prefLabel") } ?? ""
            #expect(["@ar", "@zh", "@en", "@fr", "@ru", "@es"].allSatisfy(labels.contains), "\(concept.prefix(40))")
        }
    }

    @Test func showJSONHasThirtyLeavesWithRulesInSixLanguages() throws {
        let result = try CLI.run(["taxonomy", "show", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let leaves = nodes.filter { ($0["leaf"] as? Bool) == true }
        #expect(leaves.count >= 30)
        for leaf in leaves {
            let rules = try #require(leaf["rules"] as? [String: Int])
            for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
                #expect((rules[lang] ?? 0) > 0, "\(leaf["id"] ?? "?") has no \(lang) rules")
            }
            #expect((leaf["path"] as? [String])?.last == leaf["id"] as? String)
        }
        let evalCodes = Set(nodes.flatMap { node -> [String] in
            let crosswalks = node["crosswalks"] as? [String: [[String: String]]] ?? [:]
            return (crosswalks["eval"] ?? []).compactMap { $0["code"] }
        })
        let required = """
            cyberbullying hate_speech self_harm eating_disorder substance_use scam phishing data_breach grooming \
            sextortion csam sexting dangerous_challenge violent_threat extremism pornography_exposure identity_theft \
            doxxing gambling consumer_risk malware
            """.split(separator: " ").map(String.init)
        #expect(Set(required).subtracting(evalCodes).isEmpty, "eval words without a node: \(Set(required).subtracting(evalCodes))")
    }

    @Test func inlineExamplesPass() throws {
        let result = try CLI.run(["taxonomy", "test"])
        #expect(result.status == 0, "failing inline examples:\n\(result.stdout)\(result.stderr)")
    }

    @Test func explainShowsWhyInEveryLanguage() throws {
        let samples: [(lang: String, text: String)] = [
            ("en", "He threatened to send my nudes to everyone at school unless I paid him."),
            ("fr", "Un inconnu menace de publier ses photos intimes si elle ne paie pas."),
            ("es", "Un desconocido amenaza con publicar sus fotos íntimas si no le paga."),
            ("ru", "Незнакомец угрожает разослать её интимные фото, если она не заплатит."),
            ("ar", "شخص مجهول يهدد بنشر صورها الخاصة إذا لم تدفع له المال."),
            ("zh", "一个陌生人威胁要公开她的裸照，除非她给钱。"),
        ]
        for sample in samples {
            let result = try CLI.run(["explain", sample.text, "--lang", sample.lang])
            #expect(result.status == 0, "\(sample.lang): \(result.stderr)")
            #expect(result.stdout.contains("sextortion"), "\(sample.lang) explanation does not name sextortion:\n\(result.stdout)")
        }
    }

    @Test func malformedTaxonomyIsRefusedWithALocatedError() throws {
        let folder = try CLI.temporaryFolder()
        let path = folder.appendingPathComponent("taxonomy.yaml").path
        try "version: \"1.0.0\"\nnodes:\n  - id: a\n    name: {en: A}\n    definitionn: typo\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["taxonomy", "check", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("taxonomy.yaml:5:5: error:"))
        #expect(result.stderr.contains("definition"))
    }
}

extension ShippedTaxonomyTests {
    @Test func explainFindsAReportOfABatchById() throws {
        let found = try CLI.run(["explain", "--id", "en-001", "Corpus/en.jsonl"])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("Language: en"))
        let missing = try CLI.run(["explain", "--id", "no-such-id", "Corpus/en.jsonl"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("No report with id 'no-such-id' in Corpus/en.jsonl."))
    }
}

extension ShippedTaxonomyTests {
    @Test func checkRefusesATermThatClassifyCannotCompile() throws {
        let folder = try CLI.temporaryFolder()
        let path = folder.appendingPathComponent("taxonomy.yaml").path
        try "version: \"1.0.0\"\nnodes:\n  - id: a\n    name: {en: A}\n    definition: A.\n    rules: {en: {terms: [\"!!!\", b]}}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let check = try CLI.run(["taxonomy", "check", path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("the term has no letters or digits to match"))
        let classify = try CLI.run(["explain", "b", "--taxonomy", path])
        #expect(classify.status == 1)
    }

    @Test func showListsClassesWithTheirTermsPerLanguage() throws {
        let result = try CLI.run(["taxonomy", "show"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Concept classes: terms per language"))
        #expect(result.stdout.contains("$secrecy"))
    }
}
