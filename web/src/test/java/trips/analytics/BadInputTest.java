package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trips.testing.IngestionFixture;

/** Every refusal over real HTTP: the status, and a message that names the parameter and the problem. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private IngestionFixture fx;
    private AnalyticsServer api;

    @BeforeAll
    void start() throws Exception {
        fx = new IngestionFixture();
        fx.dropText("one.csv", "region,origin_coord,destination_coord,datetime,datasource\n"
                + "Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n");
        fx.awaitEnd("one.csv");
        api = new AnalyticsServer(fx);
    }

    @AfterAll
    void close() throws Exception {
        AnalyticsServer.close(api, fx);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/weekly-average                                              | 400 | give one of region=NAME or bbox
            /api/weekly-average?region=Prague&bbox=14,50,15,51                | 400 | give region or bbox, not both
            /api/weekly-average?region=                                      | 400 | region is empty
            /api/weekly-average?bbox=14,50,15                                | 400 | bbox must be four numbers
            /api/weekly-average?bbox=14,50,15,51,3                           | 400 | bbox must be four numbers
            /api/weekly-average?bbox=a,b,c,d                                 | 400 | bbox must be four numbers
            /api/weekly-average?bbox=NaN,50,15,51                            | 400 | bbox must be four numbers
            /api/weekly-average?bbox=14,50,Infinity,51                       | 400 | bbox must be four numbers
            /api/weekly-average?bbox=0x1p3,50,15,51                          | 400 | bbox must be four numbers
            /api/weekly-average?bbox=15,50,14,51                             | 400 | bbox: minLon 15.0 is above maxLon 14.0
            /api/weekly-average?bbox=14,51,15,50                             | 400 | bbox: minLat 51.0 is above maxLat 50.0
            /api/weekly-average?bbox=-181,50,15,51                           | 400 | bbox: minLon -181.0 is outside -180..180
            /api/weekly-average?bbox=14,50,180.5,51                          | 400 | bbox: maxLon 180.5 is outside -180..180
            /api/weekly-average?bbox=14,-91,15,51                            | 400 | bbox: minLat -91.0 is outside -90..90
            /api/weekly-average?bbox=14,50,15,90.01                          | 400 | bbox: maxLat 90.01 is outside -90..90
            /api/weekly-average?region=Prague&from=2018-06-01&to=2018-05-01   | 400 | from 2018-06-01 is after to 2018-05-01
            /api/weekly-average?region=Prague&from=2018-13-01                | 400 | from must be an ISO date (yyyy-MM-dd)
            /api/weekly-average?region=Prague&to=31.05.2018                  | 400 | to must be an ISO date (yyyy-MM-dd)
            /api/weekly-average?region=Prague&from=2018-02-30                | 400 | from must be an ISO date
            /api/weekly-average?region=Prague&from=2030-01-01                | 400 | from 2030-01-01 is after the last trip's day 2018-05-28
            /api/weekly-average?region=Prague&from=0001-01-01&to=9999-12-31  | 400 | weeks; at most 10000
            /api/weekly-average?region=Prague&from=%2B5874898-01-01&to=%2B5874898-01-01 | 400 | from must be a date from 0001-01-01 to 9999-12-31
            /api/weekly-average?bbox=14,50,15,51&from=2018-05-01&to=%2B294276-12-31 | 400 | to must be a date from 0001-01-01 to 9999-12-31
            /api/weekly-average?region=Prague&from=-0001-01-01               | 400 | from must be a date from 0001-01-01 to 9999-12-31
            /api/weekly-average?region=Prague&from=1800-01-01&to=2100-01-01  | 400 | spans 15654 weeks; at most 10000
            /api/weekly-average?bbox=14,50,15,51&match=start                 | 400 | match must be origin, destination or both, got 'start'
            /api/weekly-average?region=Atlantis                              | 404 | region 'Atlantis' not found
            /api/weekly-average?region=Prague;bbox=1                         | 404 | region 'Prague;bbox=1' not found
            /api/weekly-average?region=PRAGUE                                | 404 | region 'PRAGUE' not found; did you mean 'Prague'?
            /api/trip-groups?limit=0                                         | 400 | limit must be from 1 to 1000, got 0
            /api/trip-groups?limit=1001                                      | 400 | limit must be from 1 to 1000, got 1001
            /api/trip-groups?limit=-5                                        | 400 | limit must be a positive whole number, got '-5'
            /api/trip-groups?limit=ten                                       | 400 | limit must be a positive whole number, got 'ten'
            /api/trip-groups?limit=2.5                                       | 400 | limit must be a positive whole number, got '2.5'
            /api/trip-groups?limit=1000000000                                | 400 | limit is too big, got '1000000000'
            /api/trip-groups?minTrips=0                                      | 400 | minTrips must be at least 1, got 0
            /api/trip-groups?minTrips=x                                      | 400 | minTrips must be a positive whole number, got 'x'
            /api/trip-groups?precision=7                                     | 400 | precision 7 is finer than the stored precision 6
            /api/trip-groups?precision=0                                     | 400 | precision must be from 1 to 6, got 0
            /api/trip-groups?bucketMinutes=15                                | 400 | bucketMinutes 15 is finer than the stored 30-minute buckets
            /api/trip-groups?bucketMinutes=45                                | 400 | bucketMinutes 45 must be a multiple of the stored 30 that divides the 1440 minutes of a day
            /api/trip-groups?bucketMinutes=210                               | 400 | bucketMinutes 210 must be a multiple of the stored 30 that divides
            /api/trip-groups?region=Atlantis                                 | 404 | region 'Atlantis' not found
            /api/reports/datasource-regions                                  | 400 | datasource is required
            /api/reports/datasource-regions?datasource=nobody                | 404 | datasource 'nobody' not found
            /api/reports/datasource-regions?datasource=Funny_Car             | 404 | datasource 'Funny_Car' not found; did you mean 'funny_car'?
            /api/trip-groups?region=prague                                   | 404 | region 'prague' not found; did you mean 'Prague'?
            /api/weekly-average?=x&bbox=0,0,1,1                              | 400 | a parameter has no name: '=x'
            /api/weekly-average?bbox=0,0,1,1&=                               | 400 | a parameter has no name: '='
            """)
    void should_refuse_bad_input_naming_the_parameter(String path, int status, String message) throws Exception {
        AnalyticsServer.Reply reply = api.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().getString("error")).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/weekly-average?region=Prague
            /api/weekly-average?region=Prague&match=both
            /api/weekly-average?bbox=%2B14,50,15.,51&match=BOTH
            /api/weekly-average?bbox=14,50,14,50&from=2018-05-28&to=2018-05-28
            /api/weekly-average?bbox=-180,-90,180,90&match=destination
            /api/trip-groups?precision=1&bucketMinutes=1440&limit=1000&minTrips=1
            /api/trip-groups?bucketMinutes=60&region=Prague
            /api/trip-groups?limit=0000000005&minTrips=0000000000000000000001&precision=0000000000000000000003
            /api/weekly-average?region=Prague%C2%A0
            /api/reports/datasource-regions?datasource=%E2%80%83funny_car%09
            """)
    void should_accept_the_edges_of_what_is_valid(String path) throws Exception {
        assertThat(api.get(path).status()).isEqualTo(200);
    }

    @org.junit.jupiter.api.Test
    void should_never_pass_a_parameter_into_sql_as_text() throws Exception {
        AnalyticsServer.Reply reply = api.get("/api/weekly-average?region=" + AnalyticsServer.enc("Prague' OR '1'='1"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(api.json("/api/weekly-average?region=Prague").getLong("trips")).isEqualTo(1);
    }
}
