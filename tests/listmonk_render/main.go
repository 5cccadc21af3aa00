// Renders a listmonk campaign the way listmonk does (knadh/listmonk at 911e0b77):
// models/campaigns.go CompileTemplate (the regTplFuncs shorthands of models/common.go,
// the template body parsed as "base", the campaign body as "content", joined with
// AddParseTree) and internal/manager/manager.go TemplateFuncs (UnsubscribeURL,
// TrackView, Safe, L ...), executed as "base" for one subscriber. Only html/template
// and the standard library, so the tests need nothing but Debian's golang-go.
//
// Input on stdin, JSON: {"template": "...", "body": "...", "subject": "...", "unsubscribe": "..."}.
// Output: the rendered HTML, or the error and exit status 1.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"regexp"
)

type input struct {
	Template    string `json:"template"`
	Body        string `json:"body"`
	Subject     string `json:"subject"`
	Unsubscribe string `json:"unsubscribe"`
}

type campaign struct {
	UUID    string
	Subject string
	Name    string
}

type subscriber struct {
	UUID    string
	Email   string
	Name    string
	Attribs map[string]any
}

type message struct {
	Campaign   *campaign
	Subscriber subscriber
	unsubURL   string
}

type i18n struct{}

func (i18n) T(key string) string {
	return map[string]string{"email.unsub": "Unsubscribe", "email.viewInBrowser": "View in browser"}[key]
}

// models/common.go regTplFuncs.
var shorthands = []struct {
	re      *regexp.Regexp
	replace string
}{
	{regexp.MustCompile(`{{\s*TrackLink\s+"([^"]+)"\s*}}`), `{{ TrackLink "$1" . }}`},
	{regexp.MustCompile(`(https?://[\p{L}\p{N}_\-\.~!#$&'()*+,/:;=?@\[\]%]*)@TrackLink`), `{{ TrackLink "$1" . }}`},
	{regexp.MustCompile(`{{(\s+)?(TrackView|UnsubscribeURL|ManageURL|OptinURL|MessageURL)(\s+)?}}`), `{{ $2 . }}`},
}

func expand(s string) string {
	for _, r := range shorthands {
		s = r.re.ReplaceAllString(s, r.replace)
	}
	return s
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail(err)
	}
	funcs := template.FuncMap{
		"TrackLink":      func(url string, m *message) string { return url },
		"TrackView":      func(m *message) template.HTML { return template.HTML("") },
		"UnsubscribeURL": func(m *message) string { return m.unsubURL },
		"ManageURL":      func(m *message) string { return m.unsubURL + "?manage=true" },
		"OptinURL":       func(m *message) string { return "https://listmonk.test/subscription/optin/" + m.Subscriber.UUID },
		"MessageURL":     func(m *message) string { return "https://listmonk.test/campaign/" + m.Campaign.UUID + "/" + m.Subscriber.UUID },
		"Safe":           func(html string) template.HTML { return template.HTML(html) },
		"L":              func() i18n { return i18n{} },
		"Date":           func(layout string) string { return "" },
	}
	body := in.Template
	if body == "" {
		body = `{{ template "content" . }}`
	}
	base, err := template.New("base").Funcs(funcs).Parse(expand(body))
	if err != nil {
		fail(fmt.Errorf("error compiling base template: %v", err))
	}
	content, err := template.New("content").Funcs(funcs).Parse(expand(in.Body))
	if err != nil {
		fail(fmt.Errorf("error compiling message: %v", err))
	}
	out, err := base.AddParseTree("content", content.Tree)
	if err != nil {
		fail(fmt.Errorf("error inserting child template: %v", err))
	}
	msg := &message{
		Campaign:   &campaign{UUID: "c0ffee00-0000-4000-8000-000000000001", Subject: in.Subject, Name: in.Subject},
		Subscriber: subscriber{UUID: "5ub5c71b-0000-4000-8000-000000000002", Email: "reader@listmonk.test", Name: "Reader"},
		unsubURL:   in.Unsubscribe,
	}
	var b bytes.Buffer
	if err := out.ExecuteTemplate(&b, "base", msg); err != nil {
		fail(err)
	}
	os.Stdout.Write(b.Bytes())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
