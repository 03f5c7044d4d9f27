// A small PromQL lexer for the editor: it colours the query and tells autocomplete where the
// caret is. It never rejects input (the server's parser is the judge of validity); anything it
// does not recognise becomes a "text" token. Token rules follow promql/parser/lex.go.

export type TokenKind =
    | "metric" | "function" | "keyword" | "label" | "string" | "number" | "duration"
    | "operator" | "paren" | "brace" | "bracket" | "comma" | "comment" | "space" | "text";

export interface Token {
    kind: TokenKind;
    start: number;
    end: number;
    text: string;
}

export const aggregations = [
    "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile",
];

// The parser's function table (src/Nines.Query/Parser/FunctionTable.cs).
export const functions = [
    "abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "avg_over_time", "ceil",
    "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh", "count_over_time", "day_of_month", "day_of_week",
    "day_of_year", "days_in_month", "deg", "delta", "deriv", "double_exponential_smoothing", "exp", "floor", "histogram_count", "histogram_fraction",
    "histogram_quantile", "histogram_sum", "holt_winters", "hour", "idelta", "increase", "irate", "label_join",
    "label_replace", "last_over_time", "ln", "log10", "log2", "max_over_time", "min_over_time", "minute", "month",
    "pi", "predict_linear", "present_over_time", "quantile_over_time", "rad", "rate", "resets", "round", "scalar",
    "sgn", "sin", "sinh", "sort", "sort_by_label", "sort_by_label_desc", "sort_desc", "sqrt", "stddev_over_time",
    "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year",
];

export const keywords = [
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless", "atan2",
];

const keywordSet = new Set(keywords);
const callableSet = new Set([...functions, ...aggregations]);
const durationRe = /^(?:\d+(?:ms|s|m|h|d|w|y))+/;
const numberRe = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF]|[nN][aA][nN])/;
const identRe = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const operators = ["==", "!=", "=~", "!~", ">=", "<=", "+", "-", "*", "/", "%", "^", "=", ">", "<", "@"];

export function lex(src: string): Token[] {
    const tokens: Token[] = [];
    let braces = 0;
    let brackets = 0;
    // After by/without/on/ignoring/group_*: the next parenthesised list holds label names.
    let labelList = false;
    let inLabelList = false;
    let i = 0;
    const push = (kind: TokenKind, end: number): void => {
        tokens.push({ kind, start: i, end, text: src.slice(i, end) });
        i = end;
    };
    while (i < src.length) {
        const c = src[i] ?? "";
        const rest = src.slice(i);
        if (/\s/.test(c)) {
            push("space", i + (/^\s+/.exec(rest)?.[0].length ?? 1));
        } else if (c === "#") {
            const nl = src.indexOf("\n", i);
            push("comment", nl < 0 ? src.length : nl);
        } else if (c === '"' || c === "'" || c === "`") {
            let j = i + 1;
            while (j < src.length && src[j] !== c) {
                j += src[j] === "\\" && c !== "`" ? 2 : 1;
            }
            push("string", Math.min(src.length, j + 1));
        } else if (brackets > 0 && durationRe.test(rest)) {
            push("duration", i + (durationRe.exec(rest)?.[0].length ?? 1));
        } else if (/[0-9]/.test(c) && durationRe.test(rest)) {
            push("duration", i + (durationRe.exec(rest)?.[0].length ?? 1));
        } else if (/[0-9.]/.test(c) && numberRe.test(rest)) {
            push("number", i + (numberRe.exec(rest)?.[0].length ?? 1));
        } else if (identRe.test(rest)) {
            const word = identRe.exec(rest)?.[0] ?? c;
            const after = src.slice(i + word.length).trimStart();
            let kind: TokenKind;
            if (braces > 0 || inLabelList) {
                kind = "label";
            } else if (keywordSet.has(word.toLowerCase())) {
                kind = "keyword";
                labelList = ["by", "without", "on", "ignoring", "group_left", "group_right"].includes(word.toLowerCase());
            } else if (/^(inf|nan)$/i.test(word)) {
                kind = "number";
            } else if (callableSet.has(word) && (after.startsWith("(") || after === "" || /^(by|without)\b/.test(after))) {
                kind = "function";
            } else {
                kind = "metric";
            }
            push(kind, i + word.length);
        } else if (c === "{" || c === "}") {
            braces = Math.max(0, braces + (c === "{" ? 1 : -1));
            push("brace", i + 1);
        } else if (c === "[" || c === "]") {
            brackets = Math.max(0, brackets + (c === "[" ? 1 : -1));
            push("bracket", i + 1);
        } else if (c === "(" || c === ")") {
            if (c === "(" && labelList) {
                inLabelList = true;
                labelList = false;
            } else if (c === ")") {
                inLabelList = false;
            }
            push("paren", i + 1);
        } else if (c === ",") {
            push("comma", i + 1);
        } else {
            const op = operators.find((o) => rest.startsWith(o));
            push(op === undefined ? "text" : "operator", i + (op?.length ?? 1));
        }
        if (tokens.length > 0 && tokens[tokens.length - 1]?.kind !== "space" && tokens[tokens.length - 1]?.kind !== "keyword" && tokens[tokens.length - 1]?.kind !== "comment") {
            if (!inLabelList) {
                labelList = false;
            }
        }
    }
    return tokens;
}
