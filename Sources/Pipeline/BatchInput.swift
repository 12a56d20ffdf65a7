import Foundation
import ReportIO

extension BatchRun {
    /// One input of a run: a file, a folder or `-`, and the field names it is read with where
    /// they are not the run's (a case-management CSV export next to a JSONL batch).
    public struct Input: Sendable, Hashable {
        public var path: String
        /// This input's own field names; every other field has the run's name.
        public var fields: [Field: String]

        public init(path: String, fields: [Field: String] = [:]) {
            self.path = path
            self.fields = fields
        }

        /// An input as given on the command line. `PATH:field=name,field=name` reads `PATH` with
        /// these field names when the whole argument is not an existing file or folder and the
        /// part after its last `:` is a comma-separated list of `field=name` pairs (each name
        /// runs to the next comma); anything else is a path as written, so `2024:01.jsonl` or an
        /// existing file named `x.csv:text=y` are read as they are.
        public init(argument: String) throws(InputArgumentError) {
            self.init(path: argument)
            guard let colon = argument.lastIndex(of: ":"), colon != argument.startIndex,
                  !FileManager.default.fileExists(atPath: argument) else { return }
            var pairs: [(key: String, name: String)] = []
            for pair in argument[argument.index(after: colon)...].split(separator: ",", omittingEmptySubsequences: false) {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex, pair.index(after: equals) != pair.endIndex else { return }
                pairs.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
            }
            path = String(argument[..<colon])
            for (key, name) in pairs {
                guard let field = Field(rawValue: key) else {
                    throw InputArgumentError("'\(key)' in '\(argument)' is not a field an input can name; use "
                        + Field.allCases.map(\.rawValue).joined(separator: ", ") + ".")
                }
                guard fields.updateValue(name, forKey: field) == nil else {
                    throw InputArgumentError("'\(argument)' names the field '\(key)' twice; please name each field once.")
                }
            }
        }

        /// The run's field names `base`, with this input's own put in.
        public func fields(over base: FieldMapping) -> FieldMapping {
            var mapping = base
            for (field, name) in fields {
                switch field {
                case .id: mapping.id = name
                case .text: mapping.text = name
                case .lang: mapping.lang = name
                case .country: mapping.country = name
                case .partner: mapping.partner = name
                case .date: mapping.date = name
                case .partnerCodes: mapping.partnerCodes = name
                }
            }
            return mapping
        }
    }

    /// A field of a report that an input may name for itself.
    public enum Field: String, CaseIterable, Sendable {
        case id, text, lang, country, partner, date
        case partnerCodes = "partner_codes"
    }
}

/// An input argument whose field names cannot be used, said in a sentence.
public struct InputArgumentError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
