// Sends one trace (two spans), one counter and one histogram, and two log records to Nines with the
// OpenTelemetry JS SDK over OTLP/HTTP, then prints the ids it used as JSON for OtelJsTests.cs.
// Usage: node send.mjs BASE_URL TOKEN proto|json RUN_ID
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { OTLPTraceExporter as ProtoTraces } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as JsonTraces } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPMetricExporter as ProtoMetrics } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPMetricExporter as JsonMetrics } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPLogExporter as ProtoLogs } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPLogExporter as JsonLogs } from "@opentelemetry/exporter-logs-otlp-http";

const [base, token, encoding, run] = process.argv.slice(2);
const proto = encoding === "proto";
const options = (path) => ({ url: new URL(path, base).toString(), headers: { Authorization: `Bearer ${token}` }, timeoutMillis: 60000 });
const resource = resourceFromAttributes({ "service.name": `js-${run}`, "service.instance.id": "node-1", "deployment.environment": "test" });

const tracer = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(proto ? new ProtoTraces(options("/v1/traces")) : new JsonTraces(options("/v1/traces")))],
});
const meters = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({
        exporter: proto ? new ProtoMetrics(options("/v1/metrics")) : new JsonMetrics(options("/v1/metrics")),
        exportIntervalMillis: 3600000,
    })],
});
const loggers = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: proto ? new ProtoLogs(options("/v1/logs")) : new JsonLogs(options("/v1/logs")) })],
});

const t = tracer.getTracer("nines-js-test", "1.0.0");
const root = t.startSpan("GET /checkout", { kind: SpanKind.SERVER, attributes: { "http.route": "/checkout", "http.response.status_code": 503, "retry": true } });
const child = t.startSpan("SELECT orders", { kind: SpanKind.CLIENT, attributes: { "db.system": "postgresql" } }, trace.setSpan(ROOT_CONTEXT, root));
child.addEvent("rows", { count: 3 });
child.end();
root.setStatus({ code: SpanStatusCode.ERROR, message: "upstream down" });
root.end();

const meter = meters.getMeter("nines-js-test");
meter.createCounter("js.orders", { unit: "{order}" }).add(7, { shop: "eu" });
const latency = meter.createHistogram("js.latency", { unit: "s", advice: { explicitBucketBoundaries: [0.1, 1] } });
for (const v of [0.05, 0.5, 0.7, 3]) latency.record(v, { shop: "eu" });

const logger = loggers.getLogger("nines-js-test");
const rootContext = root.spanContext();
logger.emit({ severityNumber: SeverityNumber.WARN, severityText: "WARN", body: `payment slow ${run}`, attributes: { "order.id": 42 }, context: trace.setSpan(ROOT_CONTEXT, root) });
logger.emit({ severityNumber: SeverityNumber.INFO, severityText: "INFO", body: `checkout done ${run}` });

await tracer.forceFlush();
await meters.forceFlush();
await loggers.forceFlush();
await Promise.all([tracer.shutdown(), meters.shutdown(), loggers.shutdown()]);
console.log(JSON.stringify({ traceId: rootContext.traceId, rootSpanId: rootContext.spanId, childSpanId: child.spanContext().spanId }));
