package io.callhook.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class UrlConnectionTransportTest {

    @Test
    void httpsSocketsAreMadeWithNagleOff() throws Exception {
        SSLSocketFactory jdk = SSLContext.getDefault().getSocketFactory();
        try (Socket unconnected = UrlConnectionTransport.NoDelaySocketFactory.around(jdk).createSocket();
             Socket plain = new Socket()) {
            assertTrue(unconnected.getTcpNoDelay());
            assertFalse(plain.getTcpNoDelay());
        }
    }

    @Test
    void theSameDefaultFactoryGetsTheSameWrapperSoKeptAliveConnectionsAreReused() throws Exception {
        SSLSocketFactory jdk = SSLContext.getDefault().getSocketFactory();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLSocketFactory other = context.getSocketFactory();
        UrlConnectionTransport.NoDelaySocketFactory first = UrlConnectionTransport.NoDelaySocketFactory.around(jdk);
        assertSame(first, UrlConnectionTransport.NoDelaySocketFactory.around(jdk));
        assertNotEquals(first, UrlConnectionTransport.NoDelaySocketFactory.around(other));
        assertEquals(first, UrlConnectionTransport.NoDelaySocketFactory.around(jdk));
    }
}
