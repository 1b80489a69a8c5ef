
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
            cand --table 'The API''s documented status table: a "Response Codes" page in Markdown, or JSON [env: RESP_TABLE] (default: the embedded table)'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it'
            cand --quiet 'Print nothing on stdout: the exit code still says it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand explain 'Explain status codes, classes or words without making a request'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'resp;explain'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand --table 'The API''s documented status table: a "Response Codes" page in Markdown, or JSON [env: RESP_TABLE] (default: the embedded table)'
            cand --all 'Also list the standard registry''s codes, marked as not in the documented table'
            cand --exit-status 'Exit with the code the status maps to (4 for 420), as a response with it would'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it'
            cand --quiet 'Print nothing on stdout: the exit code still says it'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'resp;completions'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand --table 'The API''s documented status table: a "Response Codes" page in Markdown, or JSON [env: RESP_TABLE] (default: the embedded table)'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it'
            cand --quiet 'Print nothing on stdout: the exit code still says it'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'resp;man'= {
            cand --color 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)'
            cand --table 'The API''s documented status table: a "Response Codes" page in Markdown, or JSON [env: RESP_TABLE] (default: the embedded table)'
            cand --json 'Print JSON for scripts instead of text for people'
            cand -q 'Print nothing on stdout: the exit code still says it'
            cand --quiet 'Print nothing on stdout: the exit code still says it'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'resp;help'= {
            cand explain 'Explain status codes, classes or words without making a request'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'resp;help;explain'= {
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
