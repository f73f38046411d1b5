package restapi_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
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
		{"unmodelled type kept as is", restapi.Element{MsgType: restapi.MsgTypeRelay, MsgContent: restapi.RawContent(`{"Title":"chat","MsgNum":2}`)}, `{"MsgType":"TIMRelayElem","MsgContent":{"Title":"chat","MsgNum":2}}`},
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

// TestElementsDownloadFlag: sound, file and video elements built without
// the constructors reach the server with the download flags 2 (facts B1:
// Download_Flag "must be 2", VideoDownloadFlag/ThumbDownloadFlag 2).
func TestElementsDownloadFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		e    restapi.Element
		want restapi.ElementContent
	}{
		{"sound", restapi.Element{MsgType: restapi.MsgTypeSound, MsgContent: &restapi.SoundElem{URL: "https://x/s.m4a", UUID: "s"}},
			&restapi.SoundElem{URL: "https://x/s.m4a", UUID: "s", DownloadFlag: 2}},
		{"file", restapi.Element{MsgType: restapi.MsgTypeFile, MsgContent: &restapi.FileElem{URL: "https://x/f.pdf", UUID: "f", FileName: "f.pdf"}},
			&restapi.FileElem{URL: "https://x/f.pdf", UUID: "f", FileName: "f.pdf", DownloadFlag: 2}},
		{"video", restapi.Element{MsgType: restapi.MsgTypeVideo, MsgContent: &restapi.VideoElem{VideoURL: "https://x/v.mp4", ThumbURL: "https://x/t.jpg"}},
			&restapi.VideoElem{VideoURL: "https://x/v.mp4", VideoDownloadFlag: 2, ThumbURL: "https://x/t.jpg", ThumbDownloadFlag: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newMsgFixture(t, apps.EditionTrial)
			_, err := f.rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{tc.e}})
			require.NoError(t, err)
			conv := f.srv.Conversation(f.id, "alice", "bob")
			require.Len(t, conv, 1)
			assert.Equal(t, tc.want, conv[0].MsgBody[0].MsgContent)
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
	bad := restapi.Element{MsgType: restapi.MsgTypeRelay, MsgContent: restapi.RawContent("{not json")}
	assert.Contains(t, bad.String(), "{MsgType:TIMRelayElem MsgContent:json: error calling MarshalJSON")
}
