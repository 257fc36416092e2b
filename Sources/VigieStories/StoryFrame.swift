/// What an item reports happened, where and for how much: its event frame, the facts a rewrite keeps however it
/// words them (the five Ws of a news lead, as far as words can tell them).
///
/// Two items that report the same kinds of news (``StoryLexicon/actions``: the same set, not empty), share at least
/// two names, and give an amount in common or name the same places and regulators, report one event even when the
/// rest of their wording differs (a headline that names the deal, a lead that comments on it): `Databricks’ US$1.3
/// billion purchase of MosaicML` and `Databricks’ $1.3B acquisition of MosaicML`. Two items that name different
/// stages of a deal or case (a probe, an approval, a block, the completion) and none in common report different
/// events: `FTC probes Acme’s $2B Widgetco takeover` is not `UK approves Acme’s $2B Widgetco takeover`.
struct StoryFrame: Sendable, Hashable {
    /// The kinds of news (`acquire`, `investigate`…).
    var actions: Set<String>
    /// The places and regulators (`uk`, `ftc`…).
    var places: Set<String>
    /// The amounts (`1.3`, `6.4`), as in the terms.
    var amounts: Set<String>

    init(_ fingerprint: StoryFingerprint) {
        actions = fingerprint.actions
        places = fingerprint.places
        amounts = fingerprint.amounts
    }

    /// The stages of a deal or case the item names.
    var stages: Set<String> { actions.intersection(StoryLexicon.stages) }

    /// Why the two report different stages, if they do: both name one and none is common.
    func stageConflict(with other: StoryFrame) -> String? {
        let (mine, theirs) = (stages, other.stages)
        guard !mine.isEmpty, !theirs.isEmpty, mine.isDisjoint(with: theirs) else { return nil }
        return "stage \(mine.sorted().joined(separator: "/")) vs \(theirs.sorted().joined(separator: "/"))"
    }

    /// Why the two report one event, if their frames say so, given the names (words that read the same in every
    /// language, not numbers or concepts) they share.
    func sameEvent(as other: StoryFrame, sharedNames: [String]) -> String? {
        let names = sharedNames.filter { $0.first?.isNumber == false && !$0.hasPrefix("concept:") }
        guard !actions.isEmpty, actions == other.actions, names.count >= 2 else { return nil }
        let amounts = self.amounts.intersection(other.amounts)
        let what = actions.sorted().joined(separator: "+")
        let who = names.sorted().prefix(4).joined(separator: ", ")
        if !amounts.isEmpty { return "\(what) by \(who) for \(amounts.sorted().joined(separator: ", "))" }
        if !places.isEmpty && places == other.places {
            return "\(what) by \(who) in \(places.sorted().joined(separator: ", "))"
        }
        return nil
    }
}
