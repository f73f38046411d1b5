package restapi

import (
	"cmp"
	"encoding/json"
	"fmt"
)

// Message element types (MsgType).
const (
	MsgTypeText     = "TIMTextElem"
	MsgTypeLocation = "TIMLocationElem"
	MsgTypeFace     = "TIMFaceElem"
	MsgTypeCustom   = "TIMCustomElem"
	MsgTypeSound    = "TIMSoundElem"
	MsgTypeImage    = "TIMImageElem"
	MsgTypeFile     = "TIMFileElem"
	MsgTypeVideo    = "TIMVideoFileElem"
	MsgTypeRelay    = "TIMRelayElem" // merged (forwarded) messages; its content is RawContent
)

// downloadFlag is the Download_Flag Tencent requires of sound, file and
// video elements.
const downloadFlag = 2

// Element is one element of a message body (MsgBody): on the wire
// {"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}. Build one with
// Text, Custom, Image, Face, Location, Sound, File or Video. Content is
// one of the *Elem types of this file; a type this package does not model
// (such as MsgTypeRelay) decodes as RawContent and is sent back as it is.
type Element struct {
	MsgType    string
	MsgContent ElementContent
}

// ElementContent is the MsgContent of an Element: *TextElem,
// *LocationElem, *FaceElem, *CustomElem, *SoundElem, *ImageElem,
// *FileElem, *VideoElem or RawContent.
type ElementContent interface {
	elementContent()
}

// TextElem is a text element.
type TextElem struct {
	Text string `json:"Text"`
}

// LocationElem is a location element.
type LocationElem struct {
	Desc      string  `json:"Desc"`
	Latitude  float64 `json:"Latitude"`
	Longitude float64 `json:"Longitude"`
}

// FaceElem is an emoji element: Index and Data are the app's own.
type FaceElem struct {
	Index int    `json:"Index"`
	Data  string `json:"Data"`
}

// CustomElem is an app-defined element. Desc is the offline push text (a
// message whose only element is a CustomElem gets no push without it or
// OfflinePushInfo.Desc); Sound is an iOS push sound file.
type CustomElem struct {
	Data  string `json:"Data"`
	Desc  string `json:"Desc,omitempty"`
	Ext   string `json:"Ext,omitempty"`
	Sound string `json:"Sound,omitempty"`
}

// SoundElem is a voice message uploaded elsewhere: Size in bytes, Second
// its length. A DownloadFlag left 0 is sent as 2, the only value Tencent
// takes.
type SoundElem struct {
	URL          string `json:"Url"`
	UUID         string `json:"UUID"`
	Size         int    `json:"Size"`
	Second       int    `json:"Second"`
	DownloadFlag int    `json:"Download_Flag"`
}

// MarshalJSON writes the element with Download_Flag 2, the value Tencent
// requires, when DownloadFlag is 0.
func (e SoundElem) MarshalJSON() ([]byte, error) {
	type plain SoundElem
	e.DownloadFlag = cmp.Or(e.DownloadFlag, downloadFlag)
	return json.Marshal(plain(e))
}

// ImageFormat is the format of an ImageElem.
type ImageFormat int

// Image formats.
const (
	ImageJPG   ImageFormat = 1
	ImageGIF   ImageFormat = 2
	ImagePNG   ImageFormat = 3
	ImageBMP   ImageFormat = 4
	ImageOther ImageFormat = 255
)

// Image sizes of ImageInfo.Type.
const (
	ImageOriginal  = 1
	ImageLarge     = 2
	ImageThumbnail = 3
)

// ImageInfo is one size of an image: Type ImageOriginal, ImageLarge or
// ImageThumbnail.
type ImageInfo struct {
	Type   int    `json:"Type"`
	Size   int    `json:"Size"`
	Width  int    `json:"Width"`
	Height int    `json:"Height"`
	URL    string `json:"URL"`
}

// ImageElem is an image uploaded elsewhere, in up to three sizes.
type ImageElem struct {
	UUID           string      `json:"UUID"`
	ImageFormat    ImageFormat `json:"ImageFormat"`
	ImageInfoArray []ImageInfo `json:"ImageInfoArray"`
}

// FileElem is a file uploaded elsewhere: FileSize in bytes. A
// DownloadFlag left 0 is sent as 2, the only value Tencent takes.
type FileElem struct {
	URL          string `json:"Url"`
	UUID         string `json:"UUID"`
	FileSize     int    `json:"FileSize"`
	FileName     string `json:"FileName"`
	DownloadFlag int    `json:"Download_Flag"`
}

// MarshalJSON writes the element with Download_Flag 2, the value Tencent
// requires, when DownloadFlag is 0.
func (e FileElem) MarshalJSON() ([]byte, error) {
	type plain FileElem
	e.DownloadFlag = cmp.Or(e.DownloadFlag, downloadFlag)
	return json.Marshal(plain(e))
}

// VideoElem is a video and its thumbnail, uploaded elsewhere. Video sets
// the two download flags; a flag left 0 is sent as 2 all the same.
type VideoElem struct {
	VideoURL          string `json:"VideoUrl"`
	VideoUUID         string `json:"VideoUUID"`
	VideoSize         int    `json:"VideoSize"`
	VideoSecond       int    `json:"VideoSecond"`
	VideoFormat       string `json:"VideoFormat"`
	VideoDownloadFlag int    `json:"VideoDownloadFlag"`
	ThumbURL          string `json:"ThumbUrl"`
	ThumbUUID         string `json:"ThumbUUID"`
	ThumbSize         int    `json:"ThumbSize"`
	ThumbWidth        int    `json:"ThumbWidth"`
	ThumbHeight       int    `json:"ThumbHeight"`
	ThumbFormat       string `json:"ThumbFormat"`
	ThumbDownloadFlag int    `json:"ThumbDownloadFlag"`
}

// MarshalJSON writes the element with VideoDownloadFlag and
// ThumbDownloadFlag 2, the value Tencent requires, where they are 0.
func (e VideoElem) MarshalJSON() ([]byte, error) {
	type plain VideoElem
	e.VideoDownloadFlag = cmp.Or(e.VideoDownloadFlag, downloadFlag)
	e.ThumbDownloadFlag = cmp.Or(e.ThumbDownloadFlag, downloadFlag)
	return json.Marshal(plain(e))
}

// RawContent is the MsgContent of an element type this package does not
// model, kept as received.
type RawContent json.RawMessage

// MarshalJSON sends the content as it was received ({} when empty).
func (r RawContent) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("{}"), nil
	}
	return r, nil
}

func (*TextElem) elementContent()     {}
func (*LocationElem) elementContent() {}
func (*FaceElem) elementContent()     {}
func (*CustomElem) elementContent()   {}
func (*SoundElem) elementContent()    {}
func (*ImageElem) elementContent()    {}
func (*FileElem) elementContent()     {}
func (*VideoElem) elementContent()    {}
func (RawContent) elementContent()    {}

// Text returns a text element.
func Text(text string) Element {
	return Element{MsgType: MsgTypeText, MsgContent: &TextElem{Text: text}}
}

// Custom returns a custom element: data for the app, desc the offline
// push text, ext the push's extra field. A message takes at most one.
func Custom(data, desc, ext string) Element {
	return Element{MsgType: MsgTypeCustom, MsgContent: &CustomElem{Data: data, Desc: desc, Ext: ext}}
}

// Image returns an image element of an image uploaded elsewhere, with its
// sizes.
func Image(uuid string, format ImageFormat, sizes ...ImageInfo) Element {
	return Element{MsgType: MsgTypeImage, MsgContent: &ImageElem{UUID: uuid, ImageFormat: format, ImageInfoArray: sizes}}
}

// Face returns an emoji element.
func Face(index int, data string) Element {
	return Element{MsgType: MsgTypeFace, MsgContent: &FaceElem{Index: index, Data: data}}
}

// Location returns a location element.
func Location(desc string, latitude, longitude float64) Element {
	return Element{MsgType: MsgTypeLocation, MsgContent: &LocationElem{Desc: desc, Latitude: latitude, Longitude: longitude}}
}

// Sound returns a voice element of a file uploaded at url: size in bytes,
// seconds its length.
func Sound(url, uuid string, size, seconds int) Element {
	return Element{MsgType: MsgTypeSound, MsgContent: &SoundElem{URL: url, UUID: uuid, Size: size, Second: seconds, DownloadFlag: downloadFlag}}
}

// File returns a file element of a file uploaded at url: size in bytes.
func File(url, uuid, name string, size int) Element {
	return Element{MsgType: MsgTypeFile, MsgContent: &FileElem{URL: url, UUID: uuid, FileSize: size, FileName: name, DownloadFlag: downloadFlag}}
}

// Video returns a video element with its download flags set.
func Video(v VideoElem) Element {
	v.VideoDownloadFlag, v.ThumbDownloadFlag = downloadFlag, downloadFlag
	return Element{MsgType: MsgTypeVideo, MsgContent: &v}
}

// wireElement is an Element as sent.
type wireElement struct {
	MsgType    string          `json:"MsgType"`
	MsgContent json.RawMessage `json:"MsgContent"`
}

// MarshalJSON writes {"MsgType":...,"MsgContent":{...}}.
func (e Element) MarshalJSON() ([]byte, error) {
	content := []byte("{}")
	if e.MsgContent != nil {
		var err error
		if content, err = json.Marshal(e.MsgContent); err != nil {
			return nil, err
		}
	}
	typ, err := json.Marshal(e.MsgType)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(typ)+len(content)+26)
	b = append(b, `{"MsgType":`...)
	b = append(b, typ...)
	b = append(b, `,"MsgContent":`...)
	b = append(b, content...)
	return append(b, '}'), nil
}

// String returns the element as it goes on the wire, such as
// {"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}, so that %v and
// %+v of a message or a callback decision show each element's content,
// not the address of its *Elem. Content that does not encode (a
// RawContent that is not JSON) shows as the encoding error.
func (e Element) String() string {
	b, err := e.MarshalJSON()
	if err != nil {
		return fmt.Sprintf("{MsgType:%s MsgContent:%v}", e.MsgType, err)
	}
	return string(b)
}

// UnmarshalJSON reads an element into the content type of its MsgType,
// RawContent for the types this package does not model. It fails when
// MsgContent does not fit its type.
func (e *Element) UnmarshalJSON(b []byte) error {
	var w wireElement
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var c ElementContent
	switch w.MsgType {
	case MsgTypeText:
		c = &TextElem{}
	case MsgTypeLocation:
		c = &LocationElem{}
	case MsgTypeFace:
		c = &FaceElem{}
	case MsgTypeCustom:
		c = &CustomElem{}
	case MsgTypeSound:
		c = &SoundElem{}
	case MsgTypeImage:
		c = &ImageElem{}
	case MsgTypeFile:
		c = &FileElem{}
	case MsgTypeVideo:
		c = &VideoElem{}
	default:
		*e = Element{MsgType: w.MsgType, MsgContent: RawContent(w.MsgContent)}
		return nil
	}
	if len(w.MsgContent) == 0 {
		return fmt.Errorf("a %s element needs a MsgContent object", w.MsgType)
	}
	if err := json.Unmarshal(w.MsgContent, c); err != nil {
		return fmt.Errorf("the MsgContent of a %s element: %w", w.MsgType, err)
	}
	*e = Element{MsgType: w.MsgType, MsgContent: c}
	return nil
}

// checkBody enforces what Tencent takes of a MsgBody locally: at least one
// element, each with a MsgType and content, at most one TIMCustomElem.
// Codes: 90002.
func checkBody(command string, body []Element) error {
	if len(body) == 0 {
		return invalid(ServiceOpenIM, command, CodeMsgBodyInvalid, "MsgBody is empty; send at least one element, such as restapi.Text(\"hi\")")
	}
	custom := 0
	for i, e := range body {
		if e.MsgType == "" || e.MsgContent == nil {
			return invalid(ServiceOpenIM, command, CodeMsgBodyInvalid, fmt.Sprintf("MsgBody[%d] has no MsgType or MsgContent; build elements with restapi.Text, Custom, Image and the like", i))
		}
		if e.MsgType == MsgTypeCustom {
			custom++
		}
	}
	if custom > 1 {
		return invalid(ServiceOpenIM, command, CodeMsgBodyInvalid, fmt.Sprintf("MsgBody has %d TIMCustomElem elements; a message takes at most one", custom))
	}
	return nil
}
