import ThreatTaxonomy

/// The taxonomy's crosswalks as a table partners load into a spreadsheet or a database.
extension Taxonomy {
    /// One row per node and crosswalk code: `node,parent,scheme,code,relation` and the node's
    /// name in each language; a node without codes still gets a row (empty scheme and code).
    public func crosswalkCSV() -> String {
        let header = ["node", "parent", "scheme", "code", "relation"] + languages.map { "name_\($0)" }
        var lines = [header.joined(separator: ",")]
        for node in nodes {
            let names = languages.map { node.names[$0] ?? "" }
            let entries = node.crosswalks.sorted { $0.key < $1.key }.flatMap { scheme, codes in codes.map { (scheme, $0) } }
            for (scheme, entry) in entries.isEmpty ? [("", CrosswalkEntry?.none)] : entries.map({ ($0.0, Optional($0.1)) }) {
                let fields = [node.id, node.parent ?? "", scheme, entry?.code ?? "", entry?.relation.rawValue ?? ""] + names
                lines.append(fields.map(CSVField.quoted).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
