package restapi_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

func TestElementsWire(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		e    restapi.Element
		wire string
	}{
		{"text", restapi.Text("hi"), `{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}`},
		{"custom", restapi.Custom(`{"a":1}`, "push text", "ext"), `{"MsgType":"TIMCustomElem","MsgContent":{"Data":"{\"a\":1}","Desc":"push text","Ext":"ext"}}`},
		{"face", restapi.Face(3, "smile"), `{"MsgType":"TIMFaceElem","MsgContent":{"Index":3,"Data":"smile"}}`},
		{"location", restapi.Location("office", 22.5, 113.9), `{"MsgType":"TIMLocationElem","MsgContent":{"Desc":"office","Latitude":22.5,"Longitude":113.9}}`},
		{"sound", restapi.Sound("https://x/s.m4a", "u1", 2048, 3), `{"MsgType":"TIMSoundElem","MsgContent":{"Url":"https://x/s.m4a","UUID":"u1","Size":2048,"Second":3,"Download_Flag":2}}`},
		{"file", restapi.File("https://x/f.pdf", "u2", "f.pdf", 10), `{"MsgType":"TIMFileElem","MsgContent":{"Url":"https://x/f.pdf","UUID":"u2","FileSize":10,"FileName":"f.pdf","Download_Flag":2}}`},
		{"image", restapi.Image("u3", restapi.ImagePNG, restapi.ImageInfo{Type: restapi.ImageOriginal, Size: 5, Width: 2, Height: 1, URL: "https://x/i.png"}),
			`{"MsgType":"TIMImageElem","MsgContent":{"UUID":"u3","ImageFormat":3,"ImageInfoArray":[{"Type":1,"Size":5,"Width":2,"Height":1,"URL":"https://x/i.png"}]}}`},
		{"video", restapi.Video(restapi.VideoElem{VideoURL: "https://x/v.mp4", VideoUUID: "v", VideoSize: 9, VideoSecond: 4, VideoFormat: "mp4", ThumbURL: "https://x/t.jpg", ThumbUUID: "t", ThumbSize: 1, ThumbWidth: 2, ThumbHeight: 3, ThumbFormat: "JPG"}),
			`{"MsgType":"TIMVideoFileElem","MsgContent":{"VideoUrl":"https://x/v.mp4","VideoUUID":"v","VideoSize":9,"VideoSecond":4,"VideoFormat":"mp4","VideoDownloadFlag":2,"ThumbUrl":"https://x/t.jpg","ThumbUUID":"t","ThumbSize":1,"ThumbWidth":2,"ThumbHeight":3,"ThumbFormat":"JPG","ThumbDownloadFlag":2}}`},
		{"unmodelled type kept as is", restapi.Element{MsgType: "TIMRelayElem", MsgContent: restapi.RawContent(`{"Title":"chat","MsgNum":2}`)}, `{"MsgType":"TIMRelayElem","MsgContent":{"Title":"chat","MsgNum":2}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(c.e)
			require.NoError(t, err)
			assert.JSONEq(t, c.wire, string(b))
			assert.Equal(t, c.wire, c.e.String())
			var back restapi.Element
			require.NoError(t, json.Unmarshal([]byte(c.wire), &back))
			assert.Equal(t, c.e, back)
		})
	}
}

func TestElementsDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, wire := range []string{
		`{"MsgType":"TIMTextElem"}`,
		`{"MsgType":"TIMTextElem","MsgContent":{"Text":5}}`,
		`{"MsgType":5}`,
	} {
		var e restapi.Element
		assert.Error(t, json.Unmarshal([]byte(wire), &e), wire)
	}
}

// TestElementString: %v and %+v of what holds elements (a stored message,
// a request) show each element's wire JSON, not a pointer.
func TestElementString(t *testing.T) {
	t.Parallel()
	m := restapi.Message{FromAccount: "alice", MsgBody: []restapi.Element{restapi.Text("hi"), restapi.Face(1, "x")}}
	want := `MsgBody:[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}} {"MsgType":"TIMFaceElem","MsgContent":{"Index":1,"Data":"x"}}]`
	assert.Contains(t, fmt.Sprintf("%+v", m), want)
	assert.Contains(t, fmt.Sprintf("%v", &restapi.SendMsgRequest{MsgBody: m.MsgBody}), `[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}} `)
	assert.NotContains(t, fmt.Sprintf("%+v", m), "0x")

	assert.Equal(t, `{"MsgType":"TIMTextElem","MsgContent":{}}`, restapi.Element{MsgType: restapi.MsgTypeText}.String())
	bad := restapi.Element{MsgType: "TIMRelayElem", MsgContent: restapi.RawContent("{not json")}
	assert.Contains(t, bad.String(), "{MsgType:TIMRelayElem MsgContent:json: error calling MarshalJSON")
}
