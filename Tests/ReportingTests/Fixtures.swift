import ReportIO
import Pipeline
import Reporting
import ThreatRules
import ThreatTaxonomy
import SafeYAML

/// A four-node taxonomy built in code: abuse → bullying, threats; fraud → scam.
func tinyTaxonomy(version: String = "1.0.0") -> Taxonomy {
    let here = SourceLocation(file: "tiny.yaml")
    func node(_ id: String, _ parent: String?, codes: [String] = [], term: String? = nil) -> TaxonomyNode {
        TaxonomyNode(
            id: id, parent: parent, names: ["en": id.capitalized], definition: "",
            rules: term.map { ["en": LanguageRules(terms: [TermRule(pattern: $0, location: here)])] } ?? [:],
            crosswalks: codes.isEmpty ? [:] : ["x": codes.map { CrosswalkEntry(code: $0, relation: .exact) }],
            location: here)
    }
    return Taxonomy(
        version: version, name: "Tiny", languages: ["en"],
        schemes: ["x": CrosswalkScheme(key: "x", title: "X codes", version: "1"), "y": CrosswalkScheme(key: "y", title: "Y", version: "1")],
        nodes: [
            node("abuse", nil, codes: ["A"]),
            node("bullying", "abuse", codes: ["B", "A"], term: "bully*"),
            node("threats", "abuse", term: "kill"),
            node("fraud", nil),
            node("scam", "fraud", codes: ["S"], term: "scam*"),
        ])
}

/// A classifier that does not depend on the rule engine: a node per keyword in the text.
func keywordClassifier(_ taxonomy: Taxonomy) -> ClassifierFactory<Classification> {
    ClassifierFactory {
        { report in
            let keywords = [("bully", "bullying"), ("kill", "threats"), ("scam", "scam")]
            let labels = keywords.filter { report.text.contains($0.0) }.map { keyword, node in
                Label(node: node, path: taxonomy.path(to: node), score: 1, evidence: [
                    Evidence(rule: "\(node)/en/term:\(keyword)", text: keyword, start: 0, end: keyword.count),
                ])
            }
            return Classification(labels: labels)
        }
    }
}

/// A batch of JSON lines with good records and one bad record of each kind.
let mixedBatch = """
    {"id":"1","text":"they bully him","lang":"en","date":"2024-01-05"}
    {"id":"2","text":"a scam and a threat to kill","lang":"en","date":"2024-02-10"}
    {"id":"3","text":
    {"id":"4","text":""}
    {"id":"5"}
    {"id":"6","text":"nothing bad here","lang":"fr","date":"not a date"}
    {"id":"7","text":"bully and kill","country":"FR"}
    """

/// JSON lines with good records only, in several languages and months.
func goodBatch(count: Int) -> String {
    let texts = ["they bully him", "scam offer", "I will kill you", "hello", "bully scam", "kill and bully"]
    let langs = ["en", "fr", "es", nil]
    return (0..<count).map { i in
        let lang = langs[i % langs.count].map { ",\"lang\":\"\($0)\"" } ?? ""
        let date = i % 5 == 0 ? "" : ",\"date\":\"2024-0\(i % 9 + 1)-15\""
        return "{\"id\":\"\(i)\",\"text\":\"\(texts[i % texts.count])\"\(lang)\(date)}"
    }.joined(separator: "\n")
}

/// Classifies a JSONL batch; returns the items in order and the counts.
func classify(_ jsonl: String, taxonomy: Taxonomy, workers: Int = 2, chunkRecords: Int = 3) throws -> ([BatchItem<Classification>], BatchCounts) {
    var source = JSONLReader(stream: MemoryByteStream(jsonl, chunkSize: 11), name: "batch.jsonl")
    var items: [BatchItem<Classification>] = []
    let pipeline = BatchClassifier(factory: keywordClassifier(taxonomy), workers: workers, chunkRecords: chunkRecords)
    let counts = try pipeline.run(&source) { items.append($0) }
    return (items, counts)
}

/// The summary of classified items, each counted from its classification (as a batch does) or
/// from its `SummaryRecord` (as summaries of classify's output are).
func summary(
    of items: [BatchItem<Classification>], taxonomy: Taxonomy, by: [SummaryDimension] = [], scheme: String? = nil,
    throughRecords: Bool = false
) throws -> Summary {
    var builder = SummaryBuilder(taxonomy: taxonomy, by: by, codes: try scheme.map { try CodeResolver(taxonomy: taxonomy, scheme: $0) })
    for item in items {
        switch item {
        case .classified(let report, let classification):
            if throughRecords { builder.add(SummaryRecord(report, classification)) } else { builder.add(report, classification) }
        case .rejected: builder.addRejected()
        }
    }
    return builder.summary
}
