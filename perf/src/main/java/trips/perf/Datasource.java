package trips.perf;

/** The data sources seen in the real sample, in a fixed order that the weight arrays follow. */
public enum Datasource {
    FUNNY_CAR("funny_car"),
    BABA_CAR("baba_car"),
    CHEAP_MOBILE("cheap_mobile"),
    BAD_DIESEL_VEHICLES("bad_diesel_vehicles"),
    PT_SEARCH_APP("pt_search_app");

    private final String label;

    Datasource(String label) {
        this.label = label;
    }

    /** The value written in the CSV {@code datasource} column. */
    public String label() {
        return label;
    }
}
