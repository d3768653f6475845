package org.jaring.node.transport;

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;

/**
 * gRPC's server TLS negotiation with the per-peer connection cap on top: once a handshake completes (so the
 * client's certificate is verified), the connection is counted under its identity and closed at once if that
 * identity already has {@link ConnectionCap}'s maximum open; it is released when the channel closes. The check
 * sits on the handshake itself, before HTTP/2 starts, so an excess connection never gets to make a call.
 */
public final class CappedTlsNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private final InternalProtocolNegotiator.ProtocolNegotiator tls;
    private final ConnectionCap cap;

    public CappedTlsNegotiator(SslContext sslContext, ConnectionCap cap) {
        this.tls = InternalProtocolNegotiators.serverTls(sslContext);
        this.cap = cap;
    }

    @Override
    public AsciiString scheme() {
        return tls.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        ChannelHandler negotiation = tls.newHandler(grpcHandler);
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.pipeline().addAfter(ctx.name(), null, negotiation);
            }

            /**
             * gRPC adds its SslHandler behind this one once the channel is active, before anything is read; the
             * first bytes (a ClientHello) find it there. Without one there is no handshake, so nothing to admit.
             */
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                if (ssl != null) {
                    ctx.pipeline().remove(this);
                    ssl.handshakeFuture().addListener(done -> {
                        if (done.isSuccess()) {
                            admit(ctx, ssl);
                        }
                    });
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void admit(ChannelHandlerContext ctx, SslHandler ssl) {
        String identity = cap.admit(ssl.engine().getSession());
        if (identity == null) {
            var unused = ctx.channel().close(); // refused: nothing waits for the close to finish
        } else {
            ctx.channel().closeFuture().addListener(closed -> cap.release(identity));
        }
    }

    @Override
    public void close() {
        tls.close();
    }
}
