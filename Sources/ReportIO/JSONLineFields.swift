/// Chosen top-level fields of JSON object lines, read with the JSONL reader's parser: strings,
/// numbers and booleans as text, arrays of strings as lists. For labelled files whose lines are
/// not reports (gold sets: a text and its labels).
public struct JSONLineFields: Sendable {
    /// One field's value.
    public enum Value: Sendable, Hashable {
        /// A string, or a number or boolean as written.
        case text(String)
        /// An array of strings.
        case list([String])
    }

    /// The keys read, in order.
    public let keys: [String]
    private let extractor: JSONFieldExtractor

    public init(keys: [String]) {
        self.keys = keys
        self.extractor = JSONFieldExtractor(keys: keys)
    }

    /// The value under each key, in `keys` order (`nil`: absent or `null`); throws why the line
    /// cannot be read, in the JSONL reader's words.
    public func values(of line: [UInt8]) throws(LineProblem) -> [Value?] {
        let result = line.withUnsafeBufferPointer { decode($0) }
        switch result {
        case .success(let values): return values
        case .failure(let problem): throw LineProblem(reason: problem.reason)
        }
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[Value?], ReportProblem> {
        let found: [JSONFieldExtractor.Found?]
        do throws(JSONSyntaxError) { found = try extractor.extract(bytes) } catch {
            return .failure(ReportProblem("the line is not valid JSON (\(error.message))"))
        }
        var values: [Value?] = []
        for (key, value) in zip(keys, found) {
            do throws(ReportProblem) {
                guard let value else { values.append(nil); continue }
                values.append(value.kind == .array ? .list(try value.strings(key: key, in: bytes)) : try value.text(key: key, in: bytes).map(Value.text))
            } catch {
                return .failure(error)
            }
        }
        return .success(values)
    }

    /// Why a line cannot be read.
    public struct LineProblem: Error, Sendable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }
}
