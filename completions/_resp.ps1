
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'resp' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'resp'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'resp' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts instead of text for people')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain status codes, classes or words without making a request')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a request and inspect the response, as `resp read` would inspect it saved')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run the requests in .http / .rest files (JetBrains, VS Code REST Client, Visual Studio)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): resp(1), or with COMMAND that command''s (resp man send)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'resp;explain' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also list the standard registry''s codes, marked as not in the documented table')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with the code the status maps to (4 for 420), as a response with it would')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts instead of text for people')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'resp;read' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The input''s format, instead of detecting it from the content')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'The status of a bare body (`--format body`), as three digits; for a HAR file, the entries to list: codes and classes, comma-separated (`4xx,503`)')
            [CompletionResult]::new('--entry', '--entry', [CompletionResultType]::ParameterName, 'Show HAR entry N (1-based) in full instead of the summary')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request a response answers, ''METHOD URL'' (or a URL: GET), for inputs that do not hold it (curl -i captures, bare bodies): matched to an OpenAPI operation')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'HAR: list only entries whose URL contains TEXT')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HAR: list only entries sent with this method (any case)')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Exit 0 when the final status matches: codes and classes, comma-separated (`404`, `2xx,304`); otherwise the usual exit code')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'How much body to show: auto cuts long bodies, full shows all, none hides it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the response body to FILE (decoded, whole or not at all; with --save''s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the response body to FILE (decoded, whole or not at all; with --save''s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)')
            [CompletionResult]::new('--failing', '--failing', [CompletionResultType]::ParameterName, 'HAR: list only the failing entries (the exit code still weighs every entry)')
            [CompletionResult]::new('--waterfall', '--waterfall', [CompletionResultType]::ParameterName, 'HAR: draw a waterfall (one bar per entry on the page''s time axis, its phases coloured) instead of the table')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'HAR: list every entry, however many (on a terminal, past 200 entries only the failing ones are listed unless asked)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 10 when a status is not documented for the operation it answers (only its `default`, or nothing), a body does not fit its documented schema, or a request matches no operation, even if --expect accepts it; needs an OpenAPI description')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials (Authorization, Cookie, API keys, URL passwords and tokens, and JSON body values under secret-looking keys) instead of masking them')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N')
            [CompletionResult]::new('--body-only', '--body-only', [CompletionResultType]::ParameterName, 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With -o or --save, replace FILE even when it is read-only for you (0444, or another user''s), as `cp --force` would')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts instead of text for people')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'resp;send' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'The method [default: GET, or POST when a body is given]')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The method [default: GET, or POST when a body is given]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The request body: DATA, @FILE, or @- for stdin')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The request body: DATA, @FILE, or @- for stdin')
            [CompletionResult]::new('--json-body', '--json-body', [CompletionResultType]::ParameterName, 'A JSON body (DATA, @FILE or @-); sets Content-Type and Accept to application/json')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Basic authentication, USER:PASSWORD; USER alone asks for the password on the terminal (without one, a usage error)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Basic authentication, USER:PASSWORD; USER alone asks for the password on the terminal (without one, a usage error)')
            [CompletionResult]::new('--bearer', '--bearer', [CompletionResultType]::ParameterName, 'Bearer token authentication (Authorization: Bearer TOKEN)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit in seconds for each exchange, redirects included [default: none]; `--timeout 0` also turns off the default limits below unless they are given (exit 8)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Time limit in seconds for connecting: DNS, TCP and TLS [default: 10]; 0: none (exit 8)')
            [CompletionResult]::new('--response-timeout', '--response-timeout', [CompletionResultType]::ParameterName, 'Time limit in seconds from the request sent to the whole response head received [default: 30]; 0: none (exit 8)')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'The longest wait in seconds for progress while sending the request or receiving the body: a slow download that keeps moving finishes [default: 30]; 0: none (exit 8)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the certificate authorities in FILE (PEM) instead of the built-in roots, for a private CA [env: SSL_CERT_FILE, SSL_CERT_DIR, used when --cacert is not given]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'A client certificate (PEM, its chain after it) for mutual TLS; its private key is --key, or in FILE too')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (PEM: PKCS#8, PKCS#1 or SEC1) of --cert')
            [CompletionResult]::new('--unix-socket', '--unix-socket', [CompletionResultType]::ParameterName, 'Connect to this Unix domain socket instead of the URL''s host and port (the Docker Engine API: /var/run/docker.sock); the URL still gives the path and the Host header')
            [CompletionResult]::new('--max-redirects', '--max-redirects', [CompletionResultType]::ParameterName, 'With -L, the most redirects followed; past it, exit 6')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'The most body bytes read into memory (K, M, G suffixes; 0: no limit); past it, the rest is skipped and the status still judged. Not a limit on -o, which streams to disk')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Save the response as raw HTTP that `resp read` reads: every head of the chain as received, then the body, the request it answers noted in a `Resp-Request: METHOD URL` header (written atomically; see README for permissions and links); `--save -` writes it to stdout, and the card to stderr')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Send again up to N times when the outcome is worth it: 408, 425, 429, 500, 502, 503, 504, a status the documented table calls rate limiting (420), a failed connection (exit 7; not TLS) or a timeout (exit 8). Waits as long as the server asks (Retry-After, RateLimit, X-RateLimit-Reset), else 1 s, 2 s, 4 s… (also when it says "now"), never under 0.1 s. The last outcome decides the exit code')
            [CompletionResult]::new('--retry-on', '--retry-on', [CompletionResultType]::ParameterName, 'With --retry, what is retried instead of the default: codes, classes, `connect`, `timeout`, comma-separated (`503,5xx,connect`)')
            [CompletionResult]::new('--retry-max-wait', '--retry-max-wait', [CompletionResultType]::ParameterName, 'The longest wait in seconds before another attempt [default: 60]: a server that asks for longer is not waited for (the exit code is its outcome''s); 0: no limit')
            [CompletionResult]::new('--retry-max-time', '--retry-max-time', [CompletionResultType]::ParameterName, 'Time limit in seconds for all attempts and waits: no attempt or wait starts that would end past it [default: none]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Send again until the status matches: codes and classes, comma-separated (`2xx`, `200,404`). Exit 0 when it does, 8 when --retry-max-time runs out, else the last outcome''s code (1 for a success that did not match); --retry N limits the attempts')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'The wait in seconds between attempts when the server gives no hint or says "now" [default: 1 with --until; with --retry alone, backoff]; never under 0.1 s')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Exit 0 when the final status matches: codes and classes, comma-separated (`404`, `2xx,304`); otherwise the usual exit code')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'How much body to show: auto cuts long bodies, full shows all, none hides it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the response body to FILE (decoded, whole or not at all; with --save''s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the response body to FILE (decoded, whole or not at all; with --save''s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification')
            [CompletionResult]::new('--http1.1', '--http1.1', [CompletionResultType]::ParameterName, 'Speak HTTP/1.1 only (by default, over TLS, resp offers h2 and http/1.1 by ALPN and speaks what the server picks)')
            [CompletionResult]::new('--http2', '--http2', [CompletionResultType]::ParameterName, 'Insist on HTTP/2 over TLS: a server that does not offer h2 is a failure (exit 7)')
            [CompletionResult]::new('--http2-prior-knowledge', '--http2-prior-knowledge', [CompletionResultType]::ParameterName, 'Speak HTTP/2 without asking first: h2c to a plain-text http:// server (h2 over TLS for https://)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'With -b or -o, write no body for a status that is neither a success nor --expect''ed, as curl -f: the exit code says why, and a pipe (| jq) gets nothing')
            [CompletionResult]::new('--fail', '--fail', [CompletionResultType]::ParameterName, 'With -b or -o, write no body for a status that is neither a success nor --expect''ed, as curl -f: the exit code says why, and a pipe (| jq) gets nothing')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow redirects, showing every hop (without it a 3xx is the answer: exit 3)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow redirects, showing every hop (without it a 3xx is the answer: exit 3)')
            [CompletionResult]::new('--timing', '--timing', [CompletionResultType]::ParameterName, 'Show how long each phase took (DNS, connect, TLS, request, wait, body) as a picture, for the response and each redirect hop; -v shows it too')
            [CompletionResult]::new('--allow-downgrade', '--allow-downgrade', [CompletionResultType]::ParameterName, 'With -L, follow a redirect from https to plain http even when credentials were given (they are never sent to another origin)')
            [CompletionResult]::new('--retry-all-methods', '--retry-all-methods', [CompletionResultType]::ParameterName, 'Also send again methods that are not idempotent (POST, PATCH) once the request reached the server; without it they are retried only when it never did (refused, DNS)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 10 when a status is not documented for the operation it answers (only its `default`, or nothing), a body does not fit its documented schema, or a request matches no operation, even if --expect accepts it; needs an OpenAPI description')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials (Authorization, Cookie, API keys, URL passwords and tokens, and JSON body values under secret-looking keys) instead of masking them')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N')
            [CompletionResult]::new('--body-only', '--body-only', [CompletionResultType]::ParameterName, 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With -o or --save, replace FILE even when it is read-only for you (0444, or another user''s), as `cp --force` would')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts instead of text for people')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'resp;run' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment to use from http-client.env.json (and http-client.private.env.json) beside each file, or in the closest folder above it')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'The most requests in flight at once (1-64); requests another uses wait for it')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'The most requests in flight at once (1-64); requests another uses wait for it')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'A request passes when its final status matches: codes and classes, comma-separated (`2xx,304`); a request''s own ''# @expect'' wins over it')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'A report for CI, KIND[:FILE] (repeatable): `junit` (JUnit XML, as GitLab and Jenkins read it; default file resp-junit.xml), `tap` (TAP version 13; default resp.tap), `github` (`::error` annotations; default stdout, after the table; a Markdown table is also appended to $GITHUB_STEP_SUMMARY when it is set). FILE `-` is stdout, where a junit or tap report takes the place of the table; one report at most on stdout, and none beside --json')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit in seconds for each exchange, redirects included [default: none]; `--timeout 0` also turns off the default limits below unless they are given (exit 8)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Time limit in seconds for connecting: DNS, TCP and TLS [default: 10]; 0: none (exit 8)')
            [CompletionResult]::new('--response-timeout', '--response-timeout', [CompletionResultType]::ParameterName, 'Time limit in seconds from the request sent to the whole response head received [default: 30]; 0: none (exit 8)')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'The longest wait in seconds for progress while sending the request or receiving the body: a slow download that keeps moving finishes [default: 30]; 0: none (exit 8)')
            [CompletionResult]::new('--max-redirects', '--max-redirects', [CompletionResultType]::ParameterName, 'With -L, the most redirects followed; past it, exit 6')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the certificate authorities in FILE (PEM) instead of the built-in roots, for a private CA [env: SSL_CERT_FILE, SSL_CERT_DIR, used when --cacert is not given]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'A client certificate (PEM, its chain after it) for mutual TLS; its private key is --key, or in FILE too')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (PEM: PKCS#8, PKCS#1 or SEC1) of --cert')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)')
            [CompletionResult]::new('--bail', '--bail', [CompletionResultType]::ParameterName, 'Stop starting requests after the first failure (those left are not run)')
            [CompletionResult]::new('--failing', '--failing', [CompletionResultType]::ParameterName, 'List only the failing requests (and with -v, show only their exchanges)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 10 when a status is not documented for the operation it answers, a body does not fit its documented schema, or a request matches no operation; needs an OpenAPI description (--table)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each exchange in full as `resp send -v` does, then the table')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each exchange in full as `resp send -v` does, then the table')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials instead of masking them')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow redirects (without it a 3xx is the answer)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow redirects (without it a 3xx is the answer)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification')
            [CompletionResult]::new('--http1.1', '--http1.1', [CompletionResultType]::ParameterName, 'Speak HTTP/1.1 only (by default, over TLS, resp offers h2 and http/1.1 by ALPN and speaks what the server picks)')
            [CompletionResult]::new('--http2', '--http2', [CompletionResultType]::ParameterName, 'Insist on HTTP/2 over TLS: a server that does not offer h2 is a failure (exit 7)')
            [CompletionResult]::new('--http2-prior-knowledge', '--http2-prior-knowledge', [CompletionResultType]::ParameterName, 'Speak HTTP/2 without asking first: h2c to a plain-text http:// server (h2 over TLS for https://)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts instead of text for people')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code still says it (not with --json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'resp;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'resp;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'resp;help' {
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain status codes, classes or words without making a request')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a request and inspect the response, as `resp read` would inspect it saved')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run the requests in .http / .rest files (JetBrains, VS Code REST Client, Visual Studio)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): resp(1), or with COMMAND that command''s (resp man send)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'resp;help;explain' {
            break
        }
        'resp;help;read' {
            break
        }
        'resp;help;send' {
            break
        }
        'resp;help;run' {
            break
        }
        'resp;help;completions' {
            break
        }
        'resp;help;man' {
            break
        }
        'resp;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
