
use builtin;
use str;

set edit:completion:arg-completer[resp] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'resp'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'resp'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand --table 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand --quiet 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand explain 'Explain status codes, classes or words without making a request'
            cand read 'Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies'
            cand send 'Send a request and inspect the response, as `resp read` would inspect it saved'
            cand run 'Run the requests in .http / .rest files (JetBrains, VS Code REST Client, Visual Studio)'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff): resp(1), or with COMMAND that command''s (resp man send)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'resp;explain'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand --table 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)'
            cand --all 'Also list the standard registry''s codes, marked as not in the documented table'
            cand --exit-status 'Exit with the code the status maps to (4 for 420), as a response with it would'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand --quiet 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'resp;read'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand --format 'The input''s format, instead of detecting it from the content'
            cand --status 'The status of a bare body (`--format body`), as three digits; for a HAR file, the entries to list: codes and classes, comma-separated (`4xx,503`)'
            cand --entry 'Show HAR entry N (1-based) in full instead of the summary'
            cand --request 'The request a response answers, ''METHOD URL'' (or a URL: GET), for inputs that do not hold it (curl -i captures, bare bodies): matched to an OpenAPI operation'
            cand --url 'HAR: list only entries whose URL contains TEXT'
            cand --method 'HAR: list only entries sent with this method (any case)'
            cand --expect 'Exit 0 when the final status matches: codes and classes, comma-separated (`404`, `2xx,304`); otherwise the usual exit code'
            cand --body 'How much body to show: auto cuts long bodies, full shows all, none hides it'
            cand -o 'Write the response body to FILE (decoded, whole or not at all; with --save''s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b'
            cand --output 'Write the response body to FILE (decoded, whole or not at all; with --save''s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b'
            cand --table 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)'
            cand --failing 'HAR: list only the failing entries (the exit code still weighs every entry)'
            cand --waterfall 'HAR: draw a waterfall (one bar per entry on the page''s time axis, its phases coloured) instead of the table'
            cand --all 'HAR: list every entry, however many (on a terminal, past 200 entries only the failing ones are listed unless asked)'
            cand -v 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body'
            cand --verbose 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body'
            cand -i 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown'
            cand --include 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown'
            cand --strict 'Exit 10 when a status is not documented for the operation it answers (only its `default`, or nothing), a body does not fit its documented schema, or a request matches no operation, even if --expect accepts it; needs an OpenAPI description'
            cand --show-secrets 'Show credentials (Authorization, Cookie, API keys, URL passwords and tokens, and JSON body values under secret-looking keys) instead of masking them'
            cand -b 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N'
            cand --body-only 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N'
            cand --force 'With -o or --save, replace FILE even when it is read-only for you (0444, or another user''s), as `cp --force` would'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand --quiet 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'resp;send'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand -X 'The method [default: GET, or POST when a body is given]'
            cand --request 'The method [default: GET, or POST when a body is given]'
            cand -H 'A request header, ''Name: value'' (repeatable)'
            cand --header 'A request header, ''Name: value'' (repeatable)'
            cand -d 'The request body: DATA, @FILE, or @- for stdin'
            cand --data 'The request body: DATA, @FILE, or @- for stdin'
            cand --json-body 'A JSON body (DATA, @FILE or @-); sets Content-Type and Accept to application/json'
            cand -u 'Basic authentication, USER:PASSWORD; USER alone asks for the password on the terminal (without one, a usage error)'
            cand --user 'Basic authentication, USER:PASSWORD; USER alone asks for the password on the terminal (without one, a usage error)'
            cand --bearer 'Bearer token authentication (Authorization: Bearer TOKEN)'
            cand --timeout 'Time limit in seconds for each exchange, redirects included [default: none]; `--timeout 0` also turns off the default limits below unless they are given (exit 8)'
            cand --connect-timeout 'Time limit in seconds for connecting: DNS, TCP and TLS [default: 10]; 0: none (exit 8)'
            cand --response-timeout 'Time limit in seconds from the request sent to the whole response head received [default: 30]; 0: none (exit 8)'
            cand --idle-timeout 'The longest wait in seconds for progress while sending the request or receiving the body: a slow download that keeps moving finishes [default: 30]; 0: none (exit 8)'
            cand --cacert 'Trust the certificate authorities in FILE (PEM) instead of the built-in roots, for a private CA [env: SSL_CERT_FILE, SSL_CERT_DIR, used when --cacert is not given]'
            cand --cert 'A client certificate (PEM, its chain after it) for mutual TLS; its private key is --key, or in FILE too'
            cand --key 'The private key (PEM: PKCS#8, PKCS#1 or SEC1) of --cert'
            cand --unix-socket 'Connect to this Unix domain socket instead of the URL''s host and port (the Docker Engine API: /var/run/docker.sock); the URL still gives the path and the Host header'
            cand --max-redirects 'With -L, the most redirects followed; past it, exit 6'
            cand --max-body 'The most body bytes read into memory (K, M, G suffixes; 0: no limit); past it, the rest is skipped and the status still judged. Not a limit on -o, which streams to disk'
            cand --save 'Save the response as raw HTTP that `resp read` reads: every head of the chain as received, then the body, the request it answers noted in a `Resp-Request: METHOD URL` header (written atomically; see README for permissions and links); `--save -` writes it to stdout, and the card to stderr'
            cand --retry 'Send again up to N times when the outcome is worth it: 408, 425, 429, 500, 502, 503, 504, a status the documented table calls rate limiting (420), a failed connection (exit 7; not TLS) or a timeout (exit 8). Waits as long as the server asks (Retry-After, RateLimit, X-RateLimit-Reset), else 1 s, 2 s, 4 s… (also when it says "now"), never under 0.1 s. The last outcome decides the exit code'
            cand --retry-on 'With --retry, what is retried instead of the default: codes, classes, `connect`, `timeout`, comma-separated (`503,5xx,connect`)'
            cand --retry-max-wait 'The longest wait in seconds before another attempt [default: 60]: a server that asks for longer is not waited for (the exit code is its outcome''s); 0: no limit'
            cand --retry-max-time 'Time limit in seconds for all attempts and waits: no attempt or wait starts that would end past it [default: none]'
            cand --until 'Send again until the status matches: codes and classes, comma-separated (`2xx`, `200,404`). Exit 0 when it does, 8 when --retry-max-time runs out, else the last outcome''s code (1 for a success that did not match); --retry N limits the attempts'
            cand --interval 'The wait in seconds between attempts when the server gives no hint or says "now" [default: 1 with --until; with --retry alone, backoff]; never under 0.1 s'
            cand --expect 'Exit 0 when the final status matches: codes and classes, comma-separated (`404`, `2xx,304`); otherwise the usual exit code'
            cand --body 'How much body to show: auto cuts long bodies, full shows all, none hides it'
            cand -o 'Write the response body to FILE (decoded, whole or not at all; with --save''s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b'
            cand --output 'Write the response body to FILE (decoded, whole or not at all; with --save''s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b'
            cand --table 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)'
            cand -k 'Skip TLS certificate verification'
            cand --insecure 'Skip TLS certificate verification'
            cand --http1.1 'Speak HTTP/1.1 only (by default, over TLS, resp offers h2 and http/1.1 by ALPN and speaks what the server picks)'
            cand --http2 'Insist on HTTP/2 over TLS: a server that does not offer h2 is a failure (exit 7)'
            cand --http2-prior-knowledge 'Speak HTTP/2 without asking first: h2c to a plain-text http:// server (h2 over TLS for https://)'
            cand -f 'With -b or -o, write no body for a status that is neither a success nor --expect''ed, as curl -f: the exit code says why, and a pipe (| jq) gets nothing'
            cand --fail 'With -b or -o, write no body for a status that is neither a success nor --expect''ed, as curl -f: the exit code says why, and a pipe (| jq) gets nothing'
            cand -L 'Follow redirects, showing every hop (without it a 3xx is the answer: exit 3)'
            cand --follow 'Follow redirects, showing every hop (without it a 3xx is the answer: exit 3)'
            cand --timing 'Show how long each phase took (DNS, connect, TLS, request, wait, body) as a picture, for the response and each redirect hop; -v shows it too'
            cand --allow-downgrade 'With -L, follow a redirect from https to plain http even when credentials were given (they are never sent to another origin)'
            cand --retry-all-methods 'Also send again methods that are not idempotent (POST, PATCH) once the request reached the server; without it they are retried only when it never did (refused, DNS)'
            cand -v 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body'
            cand --verbose 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body'
            cand -i 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown'
            cand --include 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown'
            cand --strict 'Exit 10 when a status is not documented for the operation it answers (only its `default`, or nothing), a body does not fit its documented schema, or a request matches no operation, even if --expect accepts it; needs an OpenAPI description'
            cand --show-secrets 'Show credentials (Authorization, Cookie, API keys, URL passwords and tokens, and JSON body values under secret-looking keys) instead of masking them'
            cand -b 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N'
            cand --body-only 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N'
            cand --force 'With -o or --save, replace FILE even when it is read-only for you (0444, or another user''s), as `cp --force` would'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand --quiet 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'resp;run'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand --env 'The environment to use from http-client.env.json (and http-client.private.env.json) beside each file, or in the closest folder above it'
            cand -j 'The most requests in flight at once (1-64); requests another uses wait for it'
            cand --jobs 'The most requests in flight at once (1-64); requests another uses wait for it'
            cand --expect 'A request passes when its final status matches: codes and classes, comma-separated (`2xx,304`); a request''s own ''# @expect'' wins over it'
            cand --report 'A report for CI, KIND[:FILE] (repeatable): `junit` (JUnit XML, as GitLab and Jenkins read it; default file resp-junit.xml), `tap` (TAP version 13; default resp.tap), `github` (`::error` annotations; default stdout, after the table; a Markdown table is also appended to $GITHUB_STEP_SUMMARY when it is set). FILE `-` is stdout, where a junit or tap report takes the place of the table; one report at most on stdout, and none beside --json'
            cand --timeout 'Time limit in seconds for each exchange, redirects included [default: none]; `--timeout 0` also turns off the default limits below unless they are given (exit 8)'
            cand --connect-timeout 'Time limit in seconds for connecting: DNS, TCP and TLS [default: 10]; 0: none (exit 8)'
            cand --response-timeout 'Time limit in seconds from the request sent to the whole response head received [default: 30]; 0: none (exit 8)'
            cand --idle-timeout 'The longest wait in seconds for progress while sending the request or receiving the body: a slow download that keeps moving finishes [default: 30]; 0: none (exit 8)'
            cand --max-redirects 'With -L, the most redirects followed; past it, exit 6'
            cand --cacert 'Trust the certificate authorities in FILE (PEM) instead of the built-in roots, for a private CA [env: SSL_CERT_FILE, SSL_CERT_DIR, used when --cacert is not given]'
            cand --cert 'A client certificate (PEM, its chain after it) for mutual TLS; its private key is --key, or in FILE too'
            cand --key 'The private key (PEM: PKCS#8, PKCS#1 or SEC1) of --cert'
            cand --table 'The API''s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with '':''] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter''s API response codes)'
            cand --bail 'Stop starting requests after the first failure (those left are not run)'
            cand --failing 'List only the failing requests (and with -v, show only their exchanges)'
            cand --strict 'Exit 10 when a status is not documented for the operation it answers, a body does not fit its documented schema, or a request matches no operation; needs an OpenAPI description (--table)'
            cand -v 'Show each exchange in full as `resp send -v` does, then the table'
            cand --verbose 'Show each exchange in full as `resp send -v` does, then the table'
            cand --show-secrets 'Show credentials instead of masking them'
            cand -L 'Follow redirects (without it a 3xx is the answer)'
            cand --follow 'Follow redirects (without it a 3xx is the answer)'
            cand -k 'Skip TLS certificate verification'
            cand --insecure 'Skip TLS certificate verification'
            cand --http1.1 'Speak HTTP/1.1 only (by default, over TLS, resp offers h2 and http/1.1 by ALPN and speaks what the server picks)'
            cand --http2 'Insist on HTTP/2 over TLS: a server that does not offer h2 is a failure (exit 7)'
            cand --http2-prior-knowledge 'Speak HTTP/2 without asking first: h2c to a plain-text http:// server (h2 over TLS for https://)'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand --quiet 'Print nothing on stdout: the exit code still says it (not with --json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'resp;completions'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'resp;man'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'resp;help'= {
            cand explain 'Explain status codes, classes or words without making a request'
            cand read 'Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies'
            cand send 'Send a request and inspect the response, as `resp read` would inspect it saved'
            cand run 'Run the requests in .http / .rest files (JetBrains, VS Code REST Client, Visual Studio)'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff): resp(1), or with COMMAND that command''s (resp man send)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'resp;help;explain'= {
        }
        &'resp;help;read'= {
        }
        &'resp;help;send'= {
        }
        &'resp;help;run'= {
        }
        &'resp;help;completions'= {
        }
        &'resp;help;man'= {
        }
        &'resp;help;help'= {
        }
    ]
    $completions[$command]
}
