package dev.erc.cli;

import dev.erc.api.Modality;
import dev.erc.model.ModelConfig;
import java.util.EnumSet;
import java.util.List;

/**
 * A row of the paper's Tables 1-5: its number, what it switches on or off, and the configuration that does so.
 *
 * @param id the paper's network number (16 = the full model in Table 2, and so on)
 * @param description the switches, as in the paper's columns
 */
record AblationRow(String id, String description, ModelConfig config) {

    static List<AblationRow> table(int table, ModelConfig full) {
        EnumSet<Modality> tav = EnumSet.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL);
        return switch (table) {
            case 1 -> List.of(new AblationRow("Ours", "full model", full));
            case 2 -> List.of(
                    row("11", "PMF x, DL x, MAL x", full.withAblation(false, false, false, true, true, true, true)),
                    row("12", "PMF v, DL x, MAL x", full.withAblation(true, false, false, true, true, true, true)),
                    row("13", "PMF x, DL x, MAL v", full.withAblation(false, false, true, true, true, true, true)),
                    row("14", "PMF v, DL x, MAL v", full.withAblation(true, false, true, true, true, true, true)),
                    row("15", "PMF v, DL v, MAL x", full.withAblation(true, true, false, true, true, true, true)),
                    row("16", "PMF v, DL v, MAL v", full));
            case 3 -> List.of(
                    row("21", "PMF x, A", unimodal(full, Modality.AUDIO)),
                    row("22", "PMF x, V", unimodal(full, Modality.VISUAL)),
                    row("23", "PMF x, T", unimodal(full, Modality.TEXT)),
                    row("24", "PMF v, A+T", full.withModalities(EnumSet.of(Modality.AUDIO, Modality.TEXT))),
                    row("25", "PMF v, V+T", full.withModalities(EnumSet.of(Modality.VISUAL, Modality.TEXT))),
                    row("26", "PMF v, A+V+T", full.withModalities(tav)));
            case 4 -> List.of(
                    row("31", "GCN x, s_t x, h(Bt) v, E(Bt) v", mff(full, false, false, true, true)),
                    row("32", "GCN v, s_t v, h(Bt) x, E(Bt) x", mff(full, true, true, false, false)),
                    row("33", "GCN x, s_t v, h(Bt) v, E(Bt) v", mff(full, false, true, true, true)),
                    row("34", "GCN v, s_t v, h(Bt) v, E(Bt) x", mff(full, true, true, true, false)),
                    row("35", "GCN v, s_t v, h(Bt) x, E(Bt) v", mff(full, true, true, false, true)),
                    row("36", "GCN v, s_t x, h(Bt) v, E(Bt) v", mff(full, true, false, true, true)),
                    row("37", "GCN v, s_t v, h(Bt) v, E(Bt) v", full));
            case 5 -> List.of(
                    row("41", "h(Bt) x, h(VA) x, ATT x", mal(full, false, false, false)),
                    row("42", "h(Bt) x, h(VA) x, ATT v", mal(full, false, false, true)),
                    row("43", "h(Bt) v, h(VA) x, ATT x", mal(full, true, false, false)),
                    row("44", "h(Bt) v, h(VA) v, ATT x", mal(full, true, true, false)),
                    row("45", "h(Bt) v, h(VA) x, ATT v", mal(full, true, false, true)),
                    row("46", "h(Bt) x, h(VA) v, ATT v", mal(full, false, true, true)),
                    row("47", "h(Bt) v, h(VA) v, ATT v", full));
            default -> throw new IllegalArgumentException("--table must be 1 to 5, got " + table);
        };
    }

    private static AblationRow row(String id, String description, ModelConfig c) {
        return new AblationRow(id, description, c);
    }

    private static ModelConfig unimodal(ModelConfig full, Modality m) {
        return full.unimodal(m);
    }

    private static ModelConfig mff(ModelConfig full, boolean gcn, boolean speaker, boolean hBt, boolean eBt) {
        return full.withAblation(true, true, true, speaker, gcn, eBt, hBt, true);
    }

    private static ModelConfig mal(ModelConfig full, boolean hBt, boolean hVa, boolean att) {
        return full.withAblation(true, true, att, true, true, true, hBt, hVa);
    }
}
