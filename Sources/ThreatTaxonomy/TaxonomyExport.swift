import TextFormats

/// The taxonomy as a MISP taxonomy (`machinetag.json`), for CERTs that tag events in MISP.
extension Taxonomy {
    /// A MISP taxonomy: namespace `cop-threats`, a predicate per top-level category and an entry
    /// per node below it (deeper nodes too, their path in `expanded`), each with its English name
    /// and definition, so an event can be tagged `cop-threats:sexual-exploitation="grooming"`.
    /// Written to the misp-taxonomies repository's `schema.json`: only the keys it allows, `version`
    /// an integer (the taxonomy version's major × 10,000 + minor × 100 + patch).
    public func mispMachinetag() -> String {
        let predicates: [JSONText] = roots.map { root in
            .object([("value", .string(root.id)), ("expanded", .string(root.name)), ("description", .string(root.definition))])
        }
        let values: [JSONText] = roots.compactMap { root in
            let entries: [JSONText] = descendants(of: root.id).map { node in
                let names = path(to: node.id).dropFirst().compactMap { self[$0]?.name }
                return .object([
                    ("value", .string(node.id)), ("expanded", .string(names.joined(separator: " › "))),
                    ("description", .string(node.definition)),
                ])
            }
            return entries.isEmpty ? nil : .object([("predicate", .string(root.id)), ("entry", .array(entries))])
        }
        return JSONText.object([
            ("namespace", .string("cop-threats")),
            ("expanded", .string(name)),
            ("description", .string("\(name) \(version): a classification of online threats to children, for labelling incident reports.")),
            ("version", .number(mispVersion)),
            ("type", .array([.string("event"), .string("attribute")])),
            ("refs", .array(schemes.values.compactMap(\.url).sorted().map(JSONText.string))),
            ("predicates", .array(predicates)),
            ("values", .array(values)),
        ]).rendered()
    }

    /// Every node under `id`, parents before children, in taxonomy order.
    private func descendants(of id: String) -> [TaxonomyNode] {
        nodes.filter { $0.id != id && path(to: $0.id).contains(id) }
    }

    private var mispVersion: Int {
        let parts = version.split(separator: ".").map { Int($0) ?? 0 } + [0, 0, 0]
        return parts[0] * 10_000 + parts[1] * 100 + parts[2]
    }
}
