package trips.parse;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The uncompressed bytes of a gzip stream, every member of it. Not java.util.zip's GZIPInputStream:
 * it takes bytes after a member that do not start another for the end of the data, so a damaged
 * second member, or anything appended, was dropped without a word and the file COMPLETED.
 */
public final class Gzip {

    private Gzip() {
    }

    /**
     * Corrupt data, and bytes after the last member (zeros included: GNU gzip only warns of those),
     * throw a {@link ZipException} saying so; data that ends early, an {@link EOFException}.
     */
    public static InputStream open(InputStream compressed) throws IOException {
        InputStream gzip;
        try {
            gzip = GzipCompressorInputStream.builder().setInputStream(compressed).setDecompressConcatenated(true).get();
        } catch (EOFException e) {
            throw e;
        } catch (IOException e) {
            throw corrupt(e);
        }
        return new FilterInputStream(gzip) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (EOFException e) {
                    throw e;
                } catch (IOException e) {
                    throw corrupt(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (EOFException e) {
                    throw e;
                } catch (IOException e) {
                    throw corrupt(e);
                }
            }
        };
    }

    private static ZipException corrupt(IOException e) {
        if (e instanceof ZipException z) {
            return z;
        }
        ZipException z = new ZipException(e.getMessage());
        z.initCause(e);
        return z;
    }
}
