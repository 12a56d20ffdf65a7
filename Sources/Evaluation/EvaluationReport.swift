/// Everything `cop-threats evaluate` measured, ready to render or to write as JSON.
public struct EvaluationReport: Sendable, Codable, Equatable {
    public var scheme: String
    public var taxonomyVersion: String
    /// Gold lines scored.
    public var lines: Int
    /// Gold lines that could not be read (each reported with its location).
    public var rejectedLines: Int
    /// Gold words treated as benign: predicting any threat for such a line is a false positive.
    public var hardNegatives: [String]
    /// Gold words the scheme has no crosswalk target for, with their line counts.
    public var notCovered: [String: Int]
    /// Per category, sorted by code.
    public var categories: [CategoryScore]
    /// Codes the macro and micro averages are taken over.
    public var averagedOver: [String]
    public var macroF1: Double
    public var microF1: Double
    /// Lines whose gold labels are empty or only hard negatives.
    public var benignLines: Int
    /// Benign lines that got any threat code.
    public var falseAlarms: Int
    public var falseAlarmRate: Double { benignLines == 0 ? 0 : Double(falseAlarms) / Double(benignLines) }
    /// Per field (`source`, `lang`, ...) and value.
    public var breakdowns: [Breakdown]
    /// `confusion[gold][predicted]`: how often a line with that gold code got that predicted
    /// code instead (`none`: nothing); gold `benign` for benign lines.
    public var confusion: [String: [String: Int]]
    public var worstFalsePositives: [ErrorExample]
    public var worstFalseNegatives: [ErrorExample]
}

/// Precision, recall and F1 of one code.
public struct CategoryScore: Sendable, Codable, Equatable {
    public var code: String
    public var gold: Int
    public var predicted: Int
    public var truePositives: Int
    public var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
    public var recall: Double { gold == 0 ? 0 : Double(truePositives) / Double(gold) }
    public var f1: Double {
        let sum = precision + recall
        return sum == 0 ? 0 : 2 * precision * recall / sum
    }

    public init(code: String, gold: Int = 0, predicted: Int = 0, truePositives: Int = 0) {
        self.code = code
        self.gold = gold
        self.predicted = predicted
        self.truePositives = truePositives
    }

    enum CodingKeys: String, CodingKey { case code, gold, predicted, truePositives, precision, recall, f1 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try c.decode(String.self, forKey: .code), gold: try c.decode(Int.self, forKey: .gold),
            predicted: try c.decode(Int.self, forKey: .predicted), truePositives: try c.decode(Int.self, forKey: .truePositives))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(gold, forKey: .gold)
        try c.encode(predicted, forKey: .predicted)
        try c.encode(truePositives, forKey: .truePositives)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
        try c.encode(f1, forKey: .f1)
    }
}

/// Scores of the lines that share one value of a field.
public struct GroupScore: Sendable, Codable, Equatable {
    public var value: String
    public var lines: Int
    public var benignLines: Int
    public var falseAlarms: Int
    public var falseAlarmRate: Double { benignLines == 0 ? 0 : Double(falseAlarms) / Double(benignLines) }
    /// Macro-F1 over the averaged codes that have gold lines in this group; `nil` when none do.
    public var macroF1: Double?
    public var categories: [CategoryScore]
}

/// One field's breakdown.
public struct Breakdown: Sendable, Codable, Equatable {
    public var field: String
    public var groups: [GroupScore]
}

/// A line the rules got wrong, with what fired (false positive) or what was missed.
public struct ErrorExample: Sendable, Codable, Equatable {
    public var id: String
    public var code: String
    public var gold: [String]
    public var predicted: [String]
    /// The start of the text, for a person to recognise the line.
    public var excerpt: String
    /// `rule: "matched text"` for every rule that fired.
    public var evidence: [String]
    public var fields: [String: String]
}
