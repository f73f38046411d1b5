package usersig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	cases := []string{
		"", "xiaojun", "😀user_é", `a"b\c`, "<script>&amp;</script>", "\b\f\n\r\t\x00\x01\x1f\x7f",
		"\u2028\u2029", "bad\xffutf8", "\xed\xa0\x80", "tab\there", strings.Repeat("é", 50), "/slash/",
	}
	r := rand.New(rand.NewPCG(9, 10))
	for range 5000 {
		cases = append(cases, string(randBytes(r, r.IntN(12))))
	}
	for _, s := range cases {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONString(nil, []byte(s))), "%q", s)
	}
}

// parseGeneral parses doc with the parser and returns the known
// fields as strings, or an error.
func parseGeneral(doc []byte) (map[string]string, error) {
	var d jsonDoc
	var scratch []byte
	if err := parseJSON(doc, &d, &scratch); err != nil {
		return nil, err
	}
	return knownFields(&d), nil
}

func knownFields(d *jsonDoc) map[string]string {
	m := map[string]string{}
	for i, f := range d {
		if f.kind != 0 {
			m[fieldNames[i]] = string([]byte{'0' + f.kind}) + ":" + string(f.val)
		}
	}
	return m
}

// checkAgainstEncodingJSON asserts that what the parser accepts,
// encoding/json accepts with the same string and number values.
func checkAgainstEncodingJSON(t *testing.T, doc []byte) {
	t.Helper()
	got, err := parseGeneral(doc)
	if err != nil {
		require.ErrorIs(t, err, ErrMalformed)
		return
	}
	require.True(t, json.Valid(doc), "accepted invalid JSON %q", doc)
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var m map[string]any
	require.NoError(t, dec.Decode(&m), "%q", doc)
	for name, v := range got {
		kind, val, _ := strings.Cut(v, ":")
		switch x := m[name].(type) {
		case string:
			require.Equal(t, "1", kind, "%s in %q", name, doc)
			require.Equal(t, x, val, "%s in %q", name, doc)
		case json.Number:
			require.Equal(t, "2", kind, "%s in %q", name, doc)
			require.Equal(t, x.String(), val, "%s in %q", name, doc)
		default:
			require.Equal(t, "3", kind, "%s in %q", name, doc)
		}
	}
	// A struct with TLS.* tags, as the official verifiers decode into,
	// matches names in any case: it must see the fields the parser sees.
	fields := make([]reflect.StructField, numFields)
	for i, name := range fieldNames {
		fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: reflect.TypeFor[json.RawMessage](), Tag: reflect.StructTag(`json:"` + name + `"`)}
	}
	official := reflect.New(reflect.StructOf(fields))
	require.NoError(t, json.Unmarshal(doc, official.Interface()), "%q", doc)
	for i, name := range fieldNames {
		_, parsed := got[name]
		require.Equal(t, official.Elem().Field(i).Bytes() != nil, parsed, "%s in %q", name, doc)
	}
}

func TestParseDocAgainstEncodingJSON(t *testing.T) {
	t.Parallel()
	docs := []string{
		`{}`, ` { } `, `{"TLS.ver":"2.0"}`, `{"TLS.identifier":"a\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t"}`,
		`{"TLS.time":0,"TLS.expire":-1.5e+3,"x":[1,{"y":null},true,false,"z"]}`,
		`{"TLS.sig":"abc","TLS.ver":9.9}`, `{"a":{"b":{"c":[[[]]]}}}`,
		`{"TLS.sdkappid" : 1400000000 , "TLS.ver" : "2.0"}`,
	}
	for _, d := range docs {
		got, err := parseGeneral([]byte(d))
		require.NoError(t, err, d)
		require.NotNil(t, got)
		checkAgainstEncodingJSON(t, []byte(d))
	}
}

func TestParseDocRejects(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1)
	bad := map[string]string{
		"empty":            ``,
		"not an object":    `[1]`,
		"trailing data":    `{} {}`,
		"trailing comma":   `{"a":1,}`,
		"duplicate field":  `{"TLS.sig":"a","TLS.sig":"b"}`,
		"unterminated":     `{"a":"b`,
		"control char":     "{\"a\":\"\x01\"}",
		"invalid utf8":     "{\"a\":\"\xff\"}",
		"lone surrogate":   `{"a":"\ud800"}`,
		"bad escape":       `{"a":"\x"}`,
		"leading zero":     `{"a":01}`,
		"bare dot":         `{"a":1.}`,
		"bare exponent":    `{"a":1e}`,
		"lone minus":       `{"a":-}`,
		"bad literal":      `{"a":nul}`,
		"single quotes":    `{'a':1}`,
		"missing colon":    `{"a" 1}`,
		"deep nesting":     `{"a":` + deep + `}`,
		"unquoted key":     `{a:1}`,
		"nested unclosed":  `{"a":[1,2}`,
		"object in object": `{"a":{"b"}}`,
	}
	for name, doc := range bad {
		_, err := parseGeneral([]byte(doc))
		require.Error(t, err, name)
		assert.ErrorIs(t, err, ErrMalformed, name)
		assert.Contains(t, err.Error(), "JSON", name)
	}
}
