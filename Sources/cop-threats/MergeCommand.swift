import ArgumentParser

// PLACEHOLDER: replaced by the real command.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "(not written yet)")
    func run() async throws { throw ValidationError("'merge' is not written yet.") }
}
