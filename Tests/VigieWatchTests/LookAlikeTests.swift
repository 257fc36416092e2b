import Testing

@testable import VigieWatch

/// The default watchlist's look-alike rule: the AI Alliance named as a name alerts alone; described (an alliance
/// word in any language), it needs both founders near; other coalitions called "AI alliances" do not alert.
@Suite struct LookAlikeTests {
    @Test(arguments: [
        "Meta and IBM form an AI alliance with 50 organisations",
        "IBM und Meta gründen KI-Allianz",
        "Meta e IBM lanzan una alianza por la inteligencia artificial",
        "IBM e Meta lançam aliança de IA",
        "Meta e IBM creano un'alleanza per l'IA aperta",
        "米IBMとメタ、AIの新団体を設立",
        "IBMとメタが「AIアライアンス」を設立",
        "The Global AI Alliance, spearheaded by IBM and Meta, grows",
    ])
    func theAllianceDescribedWithItsFoundersAlerts(title: String) {
        #expect(firing(defaultMatcher, title: title).contains("ai-alliance"), "\(title)")
    }

    @Test(arguments: [
        "The AI Alliance publishes its first open model catalogue",
        "Nouvelles adhésions à l'AI Alliance",
        "「AI Alliance」が発足",
        "#AIAlliance at NeurIPS",
    ])
    func theAllianceNamedAlertsAlone(title: String) {
        #expect(firing(defaultMatcher, title: title).contains("ai-alliance"), "\(title)")
    }

    @Test(arguments: [
        "Russia announces BRICS+AI alliance",
        "President announces an international AI alliance of 20 nations",
        "Land fördert KI-Allianz Baden-Württemberg mit 5 Millionen Euro",
        "La Alianza BRICS+IA está cambiando las reglas del juego",
        "Rússia lidera aliança de IA com países emergentes",
        "IBM forms an alliance with SAP on AI agents",
        "Meta joins an AI alliance of publishers",
        "The Global AI Alliance Initiative meets in Geneva",
        "European AI Alliance assembly debates the AI Act",
        "AI Alliance Network expands to 28 organisations",
    ])
    func otherCoalitionsDoNotAlert(title: String) {
        #expect(!firing(defaultMatcher, title: title).contains("ai-alliance"), "\(title)")
    }

    @Test func aDescriptionFarFromTheFoundersDoesNotAlert() {
        let summary =
            "IBM and Meta released models this year. " + String(repeating: "Other news follows here. ", count: 12)
            + "A new alliance of cities was announced."
        #expect(!firing(defaultMatcher, summary: summary).contains("ai-alliance"))
    }
}
