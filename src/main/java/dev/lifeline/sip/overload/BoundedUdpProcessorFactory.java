package dev.lifeline.sip.overload;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.net.InetAddress;

/**
 * JAIN-SIP's {@code MESSAGE_PROCESSOR_FACTORY}: the stack's usual processors, except that UDP
 * gets a {@link BoundedDatagramQueue} (see there for why) tied to the stack's {@link Admission}.
 * Instantiated by the stack, by class name.
 */
public final class BoundedUdpProcessorFactory implements MessageProcessorFactory {
    private final OIOMessageProcessorFactory standard = new OIOMessageProcessorFactory();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress ip, int port, String transport)
            throws IOException {
        Admission a = stack instanceof SipStackImpl s ? Admissions.of(s.getStackName()) : null;
        if (a != null && "udp".equalsIgnoreCase(transport)) {
            Processor p = new Processor(ip, stack, port, a);
            markUdp(stack);
            return p;
        }
        return standard.createMessageProcessor(stack, ip, port, transport);
    }

    /**
     * What the standard factory does besides creating the processor: it sets the stack's
     * package-private {@code udpFlag}, which the stack routes by (without it, requests the gateway
     * sends over UDP never get their responses matched). JAIN-SIP is on the class path, so
     * reflection may reach it; the field is checked by the tests that forward REGISTERs.
     */
    private static void markUdp(SIPTransactionStack stack) throws IOException {
        try {
            java.lang.reflect.Field f = SIPTransactionStack.class.getDeclaredField("udpFlag");
            f.setAccessible(true);
            f.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this JAIN-SIP has no udpFlag to set: " + e, e);
        }
    }

    static final class Processor extends UDPMessageProcessor {
        Processor(InetAddress ip, SIPTransactionStack stack, int port, Admission a) throws IOException {
            super(ip, stack, port);
            BoundedDatagramQueue q = new BoundedDatagramQueue(a, this::sendRaw);
            this.messageQueue = q;
            a.queueDepth(q::size);
        }

        /** Sends from the listening socket, so the answer comes from the address the request went to. */
        private void sendRaw(java.net.DatagramPacket p) {
            try {
                sock.send(p);
            } catch (IOException | RuntimeException e) {
                org.tinylog.Logger.debug("sip overload: 503 to {} not sent: {}", p.getSocketAddress(), e.toString());
            }
        }
    }
}
