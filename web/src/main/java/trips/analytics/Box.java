package trips.analytics;

/** A bounding box in degrees, edges inclusive, already validated (min <= max, inside the globe). */
record Box(double minLon, double minLat, double maxLon, double maxLat) {

    boolean contains(double lon, double lat) {
        return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
    }

    /** True when every point of the cell [lon0, lon1) x [lat0, lat1) lies in the box. */
    boolean containsCell(double lon0, double lat0, double lon1, double lat1) {
        return lon0 >= minLon && lon1 <= maxLon && lat0 >= minLat && lat1 <= maxLat;
    }

    /**
     * True when no point of the cell [lon0, lon1) x [lat0, lat1) can lie in the box. A point on a
     * cell's upper edge belongs to the next cell (geohash bisection puts it above the middle), except
     * at 180 and 90, which the last cells hold.
     */
    boolean apartFrom(double lon0, double lat0, double lon1, double lat1) {
        return lon0 > maxLon || lat0 > maxLat
                || lon1 < minLon || (lon1 == minLon && lon1 < 180)
                || lat1 < minLat || (lat1 == minLat && lat1 < 90);
    }
}
