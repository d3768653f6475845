package org.jaring.node.server;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import java.util.List;

/** What the operations side adds to one listener: call metrics and extra services (health, reflection). */
record ListenerOps(ServerInterceptor callMetrics, List<BindableService> services) {}
