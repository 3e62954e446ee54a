// Built by hooks/build.ts from hooks/entry; do not edit.
"use strict";var pn=require("node:fs");var ce="python";var fn="{{python}}",Ut=`${fn} -m pytest`;var Y=`${ce} -m pytest`;var Q,yn={lang:void 0,message:void 0,abortEarly:void 0,abortPipeEarly:void 0};function be(e){return!e&&!Q?yn:{lang:e?.lang??Q?.lang,message:e?.message,abortEarly:e?.abortEarly??Q?.abortEarly,abortPipeEarly:e?.abortPipeEarly??Q?.abortPipeEarly}}var mn;function hn(e){return mn?.get(e)}var dn;function vn(e){return dn?.get(e)}var gn;function xn(e,t){return gn?.get(e)?.get(t)}function U(e){let t=typeof e;return t==="string"?`"${e}"`:t==="number"||t==="bigint"||t==="boolean"?`${e}`:t==="object"||t==="function"?(e&&Object.getPrototypeOf(e)?.constructor?.name)??"null":t}function k(e,t,n,r,s){let i=s&&"input"in s?s.input:n.value,u=s?.expected??e.expects??null,p=s?.received??U(i),c={kind:e.kind,type:e.type,input:i,expected:u,received:p,message:`Invalid ${t}: ${u?`Expected ${u} but r`:"R"}eceived ${p}`,requirement:e.requirement,path:s?.path,issues:s?.issues,lang:r.lang,abortEarly:r.abortEarly,abortPipeEarly:r.abortPipeEarly},h=e.kind==="schema",m=s?.message??e.message??xn(e.reference,c.lang)??(h?vn(c.lang):null)??r.message??hn(c.lang);m!==void 0&&(c.message=typeof m=="function"?m(c):m),h&&(n.typed=!1),n.issues?n.issues.push(c):n.issues=[c]}function kn(e,t){return e===t||Number.isNaN(e)&&Number.isNaN(t)}function Ee(e,t){return Object.prototype.hasOwnProperty.call(e,t)&&t!=="__proto__"&&t!=="prototype"&&t!=="constructor"}function _e(e,t){let n=[...new Set(e)];return n.length>1?`(${n.join(` ${t} `)})`:n[0]??"never"}function I(e){return e["~standard"]={version:1,vendor:"valibot",validate:t=>e["~run"]({value:t},be())},e}function ee(e){if(e.path){let t="";for(let n of e.path)if(typeof n.key=="string"||typeof n.key=="number")t?t+=`.${n.key}`:t+=n.key;else return null;return t}return null}var zt=new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$","u");function O(e){return{kind:"metadata",type:"description",reference:O,description:e}}function X(e){return{kind:"validation",type:"integer",reference:X,async:!1,expects:null,requirement:Number.isInteger,message:e,"~run"(t,n){return t.typed&&!this.requirement(t.value)&&k(this,"integer",t,n),t}}}function H(e,t){return{kind:"validation",type:"max_length",reference:H,async:!1,expects:`<=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length>this.requirement&&k(this,"length",n,r,{received:`${n.value.length}`}),n}}}function ne(e,t){return{kind:"validation",type:"max_value",reference:ne,async:!1,expects:`<=${e instanceof Date?e.toJSON():U(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value<=this.requirement)&&k(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():U(n.value)}),n}}}function $(e,t){return{kind:"validation",type:"min_length",reference:$,async:!1,expects:`>=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length<this.requirement&&k(this,"length",n,r,{received:`${n.value.length}`}),n}}}function W(e,t){return{kind:"validation",type:"min_value",reference:W,async:!1,expects:`>=${e instanceof Date?e.toJSON():U(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value>=this.requirement)&&k(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():U(n.value)}),n}}}function E(e,t){return{kind:"validation",type:"regex",reference:E,async:!1,expects:`${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!this.requirement.test(n.value)&&k(this,"format",n,r),n}}}var bn={abortEarly:!0};function ae(e,t,n){return typeof e.fallback=="function"?e.fallback(t,n):e.fallback}function te(e,t,n){return typeof e.default=="function"?e.default(t,n):e.default}function f(e,t){return I({kind:"schema",type:"array",reference:f,expects:"Array",async:!1,item:e,message:t,"~run"(n,r){let s=n.value;if(Array.isArray(s)){n.typed=!0,n.value=[];for(let i=0;i<s.length;i++){let u=s[i],p=this.item["~run"]({value:u},r);if(p.issues){let c={type:"array",origin:"value",input:s,key:i,value:u};for(let h of p.issues)h.path?h.path.unshift(c):h.path=[c],n.issues?.push(h);if(n.issues||(n.issues=p.issues),r.abortEarly){n.typed=!1;break}}p.typed||(n.typed=!1),n.value.push(p.value)}}else k(this,"type",n,r);return n}})}function w(e){return I({kind:"schema",type:"boolean",reference:w,expects:"boolean",async:!1,message:e,"~run"(t,n){return typeof t.value=="boolean"?t.typed=!0:k(this,"type",t,n),t}})}function T(e,t){return I({kind:"schema",type:"literal",reference:T,expects:U(e),async:!1,literal:e,message:t,"~run"(n,r){return kn(n.value,this.literal)?n.typed=!0:k(this,"type",n,r),n}})}function N(e,t){return I({kind:"schema",type:"loose_object",reference:N,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:te(u),c=u["~run"]({value:p},r);if(c.issues){let h={type:"object",origin:"value",input:s,key:i,value:p};for(let m of c.issues)m.path?m.path.unshift(h):m.path=[h],n.issues?.push(m);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[i]=c.value}else if(u.fallback!==void 0)n.value[i]=ae(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(k(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly)for(let i in s)Ee(s,i)&&!Object.prototype.hasOwnProperty.call(this.entries,i)&&(n.value[i]=s[i])}else k(this,"type",n,r);return n}})}function D(e){return I({kind:"schema",type:"number",reference:D,expects:"number",async:!1,message:e,"~run"(t,n){return typeof t.value=="number"&&!isNaN(t.value)?t.typed=!0:k(this,"type",t,n),t}})}function L(e,t){return I({kind:"schema",type:"object",reference:L,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:te(u),c=u["~run"]({value:p},r);if(c.issues){let h={type:"object",origin:"value",input:s,key:i,value:p};for(let m of c.issues)m.path?m.path.unshift(h):m.path=[h],n.issues?.push(m);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[i]=c.value}else if(u.fallback!==void 0)n.value[i]=ae(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(k(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}}else k(this,"type",n,r);return n}})}function o(e,t){return I({kind:"schema",type:"optional",reference:o,expects:`(${e.expects} | undefined)`,async:!1,wrapped:e,default:t,"~run"(n,r){return n.value===void 0&&(this.default!==void 0&&(n.value=te(this,n,r)),n.value===void 0)?(n.typed=!0,n):this.wrapped["~run"](n,r)}})}function pe(e,t){return I({kind:"schema",type:"picklist",reference:pe,expects:_e(e.map(U),"|"),async:!1,options:e,message:t,"~run"(n,r){return this.options.includes(n.value)?n.typed=!0:k(this,"type",n,r),n}})}function V(e,t,n){return I({kind:"schema",type:"record",reference:V,expects:"Object",async:!1,key:e,value:t,message:n,"~run"(r,s){let i=r.value;if(i&&typeof i=="object"){r.typed=!0,r.value={};for(let u in i)if(Ee(i,u)){let p=i[u],c=this.key["~run"]({value:u},s);if(c.issues){let m={type:"object",origin:"key",input:i,key:u,value:p};for(let S of c.issues)S.path=[m],r.issues?.push(S);if(r.issues||(r.issues=c.issues),s.abortEarly){r.typed=!1;break}}let h=this.value["~run"]({value:p},s);if(h.issues){let m={type:"object",origin:"value",input:i,key:u,value:p};for(let S of h.issues)S.path?S.path.unshift(m):S.path=[m],r.issues?.push(S);if(r.issues||(r.issues=h.issues),s.abortEarly){r.typed=!1;break}}(!c.typed||!h.typed)&&(r.typed=!1),c.typed&&(r.value[c.value]=h.value)}}else k(this,"type",r,s);return r}})}function g(e,t){return I({kind:"schema",type:"strict_object",reference:g,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:te(u),c=u["~run"]({value:p},r);if(c.issues){let h={type:"object",origin:"value",input:s,key:i,value:p};for(let m of c.issues)m.path?m.path.unshift(h):m.path=[h],n.issues?.push(m);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[i]=c.value}else if(u.fallback!==void 0)n.value[i]=ae(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(k(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly){for(let i in s)if(!Object.prototype.hasOwnProperty.call(this.entries,i)){k(this,"key",n,r,{input:i,expected:"never",path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]});break}}}else k(this,"type",n,r);return n}})}function l(e){return I({kind:"schema",type:"string",reference:l,expects:"string",async:!1,message:e,"~run"(t,n){return typeof t.value=="string"?t.typed=!0:k(this,"type",t,n),t}})}function z(){return I({kind:"schema",type:"unknown",reference:z,expects:"unknown",async:!1,"~run"(e){return e.typed=!0,e}})}function fe(e,t,n){return I({kind:"schema",type:"variant",reference:fe,expects:"Object",async:!1,key:e,options:t,message:n,"~run"(r,s){let i=r.value;if(i&&typeof i=="object"){let u,p=0,c=this.key,h=[],m=(S,G)=>{for(let A of S.options){if(A.type==="variant")m(A,new Set(G).add(A.key));else{let Z=!0,M=0;for(let v of G){let j=A.entries[v];if(v in i?j["~run"]({typed:!1,value:i[v]},bn).issues:j.type!=="exact_optional"&&j.type!=="optional"&&j.type!=="nullish"){Z=!1,c!==v&&(p<M||p===M&&v in i&&!(c in i))&&(p=M,c=v,h=[]),c===v&&h.push(A.entries[v].expects);break}M++}if(Z){let v=A["~run"]({value:i},s);(!u||!u.typed&&v.typed)&&(u=v)}}if(u&&!u.issues)break}};if(m(this,new Set([this.key])),u)return u;k(this,"type",r,s,{input:i[c],expected:_e(h,"|"),path:[{type:"object",origin:"value",input:i,key:c,value:i[c]}]})}else k(this,"type",r,s);return r}})}function y(...e){return I({...e[0],pipe:e,"~run"(t,n){for(let r of e)if(r.kind!=="metadata"){if(t.issues&&(r.kind==="schema"||r.kind==="transformation")){t.typed=!1;break}(!t.issues||!n.abortEarly&&!n.abortPipeEarly)&&(t=r["~run"](t,n))}return t}})}function re(e,t,n){let r=e["~run"]({value:t},be(n));return{typed:r.typed,success:!r.issues,output:r.value,issues:r.issues}}var B={session_id:o(l()),transcript_path:o(l()),cwd:o(l()),permission_mode:o(l()),prompt_id:o(l()),agent_id:o(l()),agent_type:o(l())},Bt=N({command:l(),description:o(l()),timeout:o(D()),run_in_background:o(w())}),qt=N({stdout:o(l()),stderr:o(l()),interrupted:o(w()),returnCodeInterpretation:o(l()),backgroundTaskId:o(l()),timedOutAfterMs:o(D()),persistedOutputPath:o(l()),persistedOutputSize:o(D()),exitCodeUnknown:o(w())}),En=N({...B,hook_event_name:T("PreToolUse"),tool_name:l(),tool_input:V(l(),z()),tool_use_id:o(l())}),_n=N({...B,hook_event_name:T("PostToolUse"),tool_name:l(),tool_input:V(l(),z()),tool_response:z(),tool_use_id:o(l()),duration_ms:o(D())}),wn=N({...B,hook_event_name:T("PostToolUseFailure"),tool_name:l(),tool_input:V(l(),z()),tool_use_id:o(l()),error:l(),is_interrupt:o(w()),duration_ms:o(D())}),Sn=N({...B,hook_event_name:T("UserPromptExpansion"),expansion_type:o(l()),command_name:o(l()),command_args:o(l()),command_source:o(l()),prompt:o(l())}),ye=N({...B,hook_event_name:T("SessionStart"),source:o(l())}),Xt=N({...B,hook_event_name:T("Stop"),stop_hook_active:o(w()),last_assistant_message:o(l())}),Ht=fe("hook_event_name",[En,_n,wn,Sn,ye]);var P=require("node:path"),On=/(?:^|\s)\$([A-Za-z][\w:.-]*)/;function Rn(e){return e!==null&&typeof e=="object"&&!Array.isArray(e)}function An(e){let t={...e};t.transcript_path===null&&delete t.transcript_path,t.prompt_id===void 0&&typeof t.turn_id=="string"&&(t.prompt_id=t.turn_id);let n=t.hook_event_name;if(n==="PostToolUse"&&typeof t.tool_response=="string"&&(t.tool_response={stdout:t.tool_response,stderr:"",exitCodeUnknown:!0}),n==="UserPromptSubmit"&&typeof t.prompt=="string"){let r=On.exec(t.prompt);if(r?.[1]){let s=t.prompt.slice((r.index??0)+r[0].length).trim();t.hook_event_name="UserPromptExpansion",t.expansion_type="skill",t.command_name=r[1],t.command_args=s,t.command_source="codex"}}return t}function In(e){let t=(0,P.dirname)((0,P.resolve)(e));return(0,P.basename)((0,P.resolve)(e))!=="bin"||(0,P.basename)(t)!=="run-tests-skill"||(0,P.basename)((0,P.dirname)(t))!==".claude"?null:(0,P.dirname)((0,P.dirname)(t))}var we={id:"codex",label:"Codex",adaptInput:e=>Rn(e)?An(e):e,projectDir:In};var Tn="--host",Oe={id:"claude",label:"Claude Code",adaptInput:e=>e,projectDir:()=>null},Se={claude:Oe,codex:we};function Pn(e){let t=e.indexOf(Tn),n=t>=0?e[t+1]:void 0;return n&&Object.hasOwn(Se,n)?Se[n]:Oe}function se(){return Pn(process.argv)}async function Re(e=process.stdin){let t=[];for await(let n of e)t.push(typeof n=="string"?Buffer.from(n):n);return Buffer.concat(t).toString("utf8")}function Ae(e,t){let n=e.trim();if(n==="")return{ok:!1,problem:"empty stdin"};let r;try{r=JSON.parse(n)}catch(i){return{ok:!1,problem:`stdin is not JSON (${i.message})`}}let s=re(t,Dn(r));if(!s.success){let i=s.issues[0],u=i?ee(i):null;return{ok:!1,problem:`unexpected hook input${u?` at ${u}`:""}: ${i?.message??"?"}`}}return{ok:!0,value:s.output}}function Dn(e){return e!==null&&typeof e=="object"&&!Array.isArray(e)?se().adaptInput(e):e}function Ie(e){e&&process.stdout.write(`${JSON.stringify(e)}
`)}function ie(e,t){process.stderr.write(`run-tests-skill ${e}: ${t}
`)}var Qt=L({hookSpecificOutput:L({hookEventName:T("PreToolUse"),permissionDecision:T("deny"),permissionDecisionReason:l()})}),er=L({hookSpecificOutput:L({hookEventName:pe(["PostToolUse","PostToolUseFailure","SessionStart","UserPromptExpansion","UserPromptSubmit"]),additionalContext:l()})}),nr=L({decision:T("block"),reason:l()}),tr=L({systemMessage:l()}),Te=8e3;function Cn(e){return e.length<=Te?e:`${e.slice(0,Te-20)}
\u2026 (shortened)`}function Pe(e,t){return{hookSpecificOutput:{hookEventName:e,additionalContext:Cn(t)}}}var d=require("node:fs"),C=require("node:path");var b=require("node:fs"),K=require("node:path");function me(e,t,n){let r=(0,b.existsSync)(e)&&(0,b.lstatSync)(e).isSymbolicLink()?(0,b.realpathSync)(e):e;(0,b.mkdirSync)((0,K.dirname)(r),{recursive:!0});let s=`${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2,10)}`,i=(0,K.join)((0,K.dirname)(r),`.${s}.run-tests-skill.tmp`);try{(0,b.writeFileSync)(i,t,n===void 0?void 0:{mode:n});let u=n??((0,b.existsSync)(r)?(0,b.statSync)(r).mode&511:void 0);u!==void 0&&(0,b.chmodSync)(i,u),(0,b.renameSync)(i,r)}catch(u){throw(0,b.rmSync)(i,{force:!0}),u}}var De=require("node:child_process");function Ce(e,t,n){let r=n.maxBuffer??1048576;return new Promise(s=>{let i=[],u=[],p=0,c=0,h=!1,m=!1,S=!1,G=(v,j=!1)=>{S||(S=!0,clearTimeout(Z),s({exitCode:v,stdout:Buffer.concat(i).toString("utf8"),stderr:Buffer.concat(u).toString("utf8"),failed:v!==0||h||m,missing:j,timedOut:h}))},A;try{A=(0,De.spawn)(e,t,{cwd:n.cwd,env:n.env??process.env,stdio:["ignore","pipe","pipe"],windowsHide:!0})}catch{G(void 0);return}let Z=setTimeout(()=>{h=!0,A.kill("SIGTERM")},n.timeoutMs),M=(v,j)=>ke=>{if(j(ke.length)>r){m=!0,A.kill("SIGTERM");return}v.push(ke)};A.stdout?.on("data",M(i,v=>p+=v)),A.stderr?.on("data",M(u,v=>c+=v)),A.on("error",v=>G(void 0,v.code==="ENOENT")),A.on("close",v=>G(v??void 0))})}var Ne=/^[a-z0-9]+(-[a-z0-9]+)*$/;var Nn=["name","description","license","compatibility","metadata","allowed-tools"],ur=[...Nn,"when_to_use","argument-hint","arguments","disable-model-invocation","user-invocable","disallowed-tools","model","effort","context","agent","background","hooks","paths","shell","version"];var $n=y(l(),E(/^(?!(PATH|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_\w*|DYLD_\w*|PYTHON\w*|GIT_\w*|PYTEST_\w*)=)[A-Za-z_]\w*=\S*$/,"must be NAME=VALUE without spaces (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*), and not a variable that changes what runs (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*)")),a=y(l(),E(/\S/,"must not be empty")),F=y(l(),E(/^[^\n]*\S[^\n]*$/,"must be a command on one line")),Ge=e=>y(f(F,`expected a list of ${e}`),$(1,`needs at least one ${e}`)),Le=y(l(),E(/^--?[A-Za-z0-9][\w-]*$/,"must look like --name or -x (no value, no =)")),Fn=g({flag:y(a,O("The flag as it is added, e.g. --tb=short.")),why:a,dropped_by:o(y(f(a),O('User flags that replace this default (prefix match: "--tb" drops "--tb=short").')),[]),omit_when:o(a)}),Me=g({flag:Le,aliases:o(f(Le),[]),purpose:a,value_name:o(y(l(),E(/^[\w-]+$/,"must be a word such as level or key"),O("Shown as <name>."))),values:o(y(f(a),$(1,"needs at least one value when given"))),default:o(a),max_values:o(y(D(),X(),W(1))),requires:o(f(a),[]),note:o(a)}),jn=g({args:l(),means:a,command:o(F)}),Ln=g({title:a,why:a,when:o(a),run:Ge("command"),on_failure:a,fix:o(f(F),[])}),Mn=g({title:a,why:o(a),run:Ge("command"),background:o(w(),!1)}),Un=g({test:y(l(),E(/^[^\s*?]+$/,"must be a pytest node id or its prefix (no spaces or glob characters)")),why:a}),Gn=g({local_network:o(w(),!0),unix_sockets:o(w(),!0),write:o(f(y(l(),E(/^(\/|~\/)[^\n]*$/,"must be an absolute path or start with ~/"))),["/tmp"]),incompatible:o(f(Un),[])}),zn=g({rules:o(f(a),[]),commands:o(f(F),[])}),Bn=g({path:a,note:a}),qn=g({changed:y(f(a),$(1,"needs at least one changed path")),tests:y(f(a),$(1,"needs at least one test path")),note:o(a)}),Xn=g({path:y(l(),E(/^(?!\/)(?!\.\.?\/)\S+\.py$/,"must be a repo-relative .py path such as tests/test_x.py")),name:y(l(),E(/^[\w:]+$/,"must be a test name without [params]")),params:o(y(f(a),$(1,"list at least one parametrisation, or leave params out"))),example_params:o(f(a),[]),signatures:y(f(a,"a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused"),$(1,"a known-flaky entry needs at least one failure signature; without one any failure would be excused"),O("Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused")),note:a}),Hn=g({stale_server:o(a),capture_pipe:o(a),import_error:o(a)}),Wn=y(l(),E(/^[a-z][a-z0-9-]*(?: [^\s-][^\s]*)*$/,"must be a git subcommand and optionally its next words, such as stash or stash pop")),Vn=g({allow:o(y(f(Wn),O("Git forms the maintainers allow the agent to run in this repo (default none): `stash` allows every `git stash ...`, `stash pop` only `git stash pop ...`. The guard denies every other git mutation; doctor lists these.")),[]),enforce:o(y(w(),O("true (default): the guard refuses git mutations (commit, merge, fetch, stash, ...) in every turn, not only in /run-tests turns. false: outside /run-tests turns the guard lets git mutations run in this repository; in a /run-tests turn the skill's allowed-tools and the rule still apply. doctor shows the state.")),!0)}),Ue=6e5,Jn=g({suite_ms:y(D(),X(),W(1e3),ne(Ue)),file_ms:y(D(),X(),W(1e3),ne(Ue)),measured:o(y(a,O("How suite_ms and file_ms were found, e.g. the measured duration of a full run; shown in the skill beside them.")))}),Kn=g({name:y(l(),E(/^[A-Za-z_]\w*$/,"must be a marker name such as slow or stress")),description:o(a),deselected:o(w(),!1)}),Zn=g({option:a,effect:a}),Yn=g({title:y(l(),E(/^[^\n#]*\S[^\n]*$/,"must be a one-line title without #")),text:a}),ze=["Failed: Timeout","TimeoutError"],Qn={trio:"trio.TooSlowError",pexpect:"pexpect.exceptions.TIMEOUT"},et=[...Object.values(Qn),...ze],nt=y(l(),E(/^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,"must be a permission rule such as Read or Bash(python -m pytest *), without commas")),Be=g({extends:o(y(a,O("A built-in profile (tractor, generic) or a path relative to this file."))),skill:g({name:y(l(),E(Ne,"must be lowercase letters, digits and single hyphens"),H(64,`must be at most ${64} characters`)),description:y(l(),E(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/,"must be non-empty text without <, > or ---"),H(1024,`must be at most ${1024} characters`)),argument_hint:a,compatibility:o(y(a,H(500,`must be at most ${500} characters`))),commit_message_skill:o(a)}),project:g({name:a,package:o(a),tests_dir:a,about:o(a)}),runner:g({python:o(y(F,O("The project's interpreter, e.g. .venv/bin/python or python3; {{python}} elsewhere in the profile. Default: what base runs under, else python.")),ce),base:o(y(F,O("The pytest command, e.g. uv run pytest; {{pytest}} elsewhere. Default: {{python}} -m pytest.")),Y),env:o(f($n),[]),also:o(f(F),[]),commands:o(y(f(F),O("The repository's own test commands and accepted equivalents (e.g. tox -e py311 --, nox -s tests-3.11 --, make test, uv run --locked pytest, PYTHONPATH=src python -m pytest): each is allowed while the skill runs, with any arguments after it, and recognised by the report. A trailing -- passes the rest to pytest.")),[]),default_flags:o(f(Fn),[]),timeouts:Jn}),options:g({closed:o(w(),!1),also_accept:o(f(a),[]),project:o(f(Me),[]),pytest:o(f(Me),[])}),examples:o(f(jn),[]),markers:o(f(Kn),[]),addopts:o(f(Zn),[]),path_resolution:o(zn,{}),preflight:o(f(Ln),[]),layout:o(f(Bn),[]),mapping:o(f(qn),[]),stop_gate:o(y(w(),O("Stop gate: before the agent ends its turn, ask once for the mapped tests of every source file changed in the session that no pytest run covered since (true by default for an installed profile; the plugin's own default profile never gates). false turns it off.")),!0),log:o(y(w(),O("Decision log: every hook appends one line per decision (time, session, hook, command or path, decision, rule) to the install's state folder, bounded by rotation, never file contents; read it with `run-tests-skill log`. RUN_TESTS_SKILL_LOG=1 in Claude Code's environment turns it on as well, =0 off.")),!1),quick_checks:o(f(Mn),[]),sandbox:o(Gn,{}),timeout_signatures:o(f(a),ze),hang_sections:o(f(a),[]),known_flaky:o(f(Xn),[]),hints:o(Hn,{}),show_changes:o(f(F),[]),git:o(Vn,{}),allowed_tools:y(f(nt),$(1,"needs at least one permission rule")),gotchas:o(f(a),[]),notes:o(f(Yn),[])});var oe="run_tests_skill_reporter",qe="RUN_TESTS_SKILL_REPORT_DIR";var He="# run-tests-skill: streaming pytest reporter",ot=7;function Xe(e){return`'${e.replace(/'/g,"'\\''")}'`}function ut(e,t){return[`${He} (delete these lines to turn it off)`,`export ${qe}=${Xe(t)}`,`export PYTHONPATH=${Xe(e)}"\${PYTHONPATH:+:$PYTHONPATH}"`,`export PYTEST_ADDOPTS="-p ${oe}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`]}function lt(e){let t=(e??"").replace(/[^A-Za-z0-9_-]/g,"_").slice(0,80);return t===""?"default":t}function ct(e,t){return(0,C.join)(e,lt(t))}function at(e){try{let t=(0,d.lstatSync)(e);if(t.isSymbolicLink())return`${e} is a symbolic link; remove it (the reporter stays off)`;if(!t.isDirectory())return`${e} is not a folder; remove it (the reporter stays off)`}catch{}return null}function pt(e){return(0,C.join)(e,"reporter")}function ft(e,t){let n=pt(e);(0,d.mkdirSync)(n,{recursive:!0});let r=(0,C.join)(n,`${oe}.py`);return((0,d.existsSync)(r)?(0,d.readFileSync)(r,"utf8"):null)!==t&&me(r,t),n}function yt(e,t){let n=e.trim().split(/\s+/),r=[],s=n[0]??"";if(/(?:^|\/)python[\d.]*$/.test(s))if(s.includes("*")){let[u,...p]=s.split("/"),c=new RegExp(`^${(u??"").replace(/[.+^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")}$`);try{for(let h of(0,d.readdirSync)(t).filter(m=>c.test(m)).sort().reverse()){let m=(0,C.join)(t,h,...p);(0,d.existsSync)(m)&&r.push(m)}}catch{}}else r.push(s.includes("/")&&!s.startsWith("/")?(0,C.join)(t,s):s);let i=(0,C.join)(t,".venv","bin","python");return(0,d.existsSync)(i)&&r.push(i),r.push("python3","python"),[...new Set(r)]}async function mt(e,t,n){let r=await Ce(e,t,{env:{...process.env,...n},timeoutMs:4e3});return{exitCode:r.exitCode,failed:r.failed,missing:r.missing||r.exitCode===127}}async function We(e){let t=ft(e.stateDir,e.source),n=at(e.spoolDir);if(n)return{enabled:!1,reason:n};let r=ct(e.spoolDir,e.sessionId);(0,d.mkdirSync)(r,{recursive:!0});let s=(0,C.join)(e.spoolDir,".gitignore");(0,d.existsSync)(s)||me(s,`# run-tests-skill: streaming pytest reports, local only
*
`),ht(e.spoolDir,e.now??Date.now(),r);let i=e.run??mt,u;for(let h of yt(e.runnerBase,e.projectDir)){let m={...process.env,PYTHONPATH:t,PYTHONDONTWRITEBYTECODE:"1"},S=await i(h,["-c",`import ${oe}`],m).catch(()=>({exitCode:void 0,failed:!0,missing:!0}));if(S.exitCode===0){u=h;break}if(!S.missing)return{enabled:!1,reason:`${h} could not import the reporter module`}}if(!u)return{enabled:!1,reason:"no Python interpreter found"};let p=(0,d.existsSync)(e.envFile)?(0,d.readFileSync)(e.envFile,"utf8"):"";if(p.includes(He))return{enabled:!0,reason:"already enabled",python:u};(0,d.mkdirSync)((0,C.dirname)(e.envFile),{recursive:!0});let c=p===""||p.endsWith(`
`)?"":`
`;return(0,d.appendFileSync)(e.envFile,`${c}${ut(t,r).join(`
`)}
`),{enabled:!0,reason:"enabled",python:u}}function ht(e,t,n){let r=[];try{r=(0,d.readdirSync)(e)}catch{return}for(let s of r){let i=(0,C.join)(e,s);if(!(i===n||s===".gitignore"))try{let u=(0,d.lstatSync)(i);if(t-u.mtimeMs<=ot*864e5)continue;u.isDirectory()?(0,d.rmSync)(i,{recursive:!0,force:!0}):(0,d.unlinkSync)(i)}catch{}}}var Ve=`# run-tests-skill: a streaming JSONL reporter for pytest (stdlib only, Python 3.8+).
#
# Loaded with \`-p run_tests_skill_reporter\` (the SessionStart hook puts this file's folder on PYTHONPATH and
# the flag in PYTEST_ADDOPTS, after checking that the project's interpreter can import it). It writes one
# JSON object per line, flushed as it goes, to <RUN_TESTS_SKILL_REPORT_DIR>/<start ms>-<pid>.jsonl, so a
# run that is killed still leaves a file naming the test that was running. The post-run hook reads it.
#
# Rules that keep it from ever changing a test run:
#   - no RUN_TESTS_SKILL_REPORT_DIR, or the directory cannot be written: do nothing;
#   - xdist workers never write (the controller receives every report); on workers the plugin only adds the
#     leaves of an exception group to the report object, which travels to the controller with it;
#   - every hook swallows its own errors: a reporter bug must not turn into a test failure;
#   - it reads nothing from the user's options and adds none, so it cannot clash with --junitxml & co.
import json
import os
import sys
import time

RECORD_VERSION = 1
_LEAVES_ATTR = "run_tests_skill_leaves"
_TYPE_ATTR = "run_tests_skill_type"
_MAX_TEXT = 500


def _now_ms():
    return int(time.time() * 1000)


def _short(text):
    """First line only (pexpect and assertion messages run on for dozens of lines), bounded."""
    lines = ("" if text is None else str(text)).strip().splitlines()
    text = lines[0] if lines else ""
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3] + "..."


def _type_name(exc):
    cls = type(exc)
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", cls.__name__)
    return name if module in ("builtins", "__main__", "") else module + "." + name


def _describe(exc):
    message = str(exc).strip().splitlines()
    return _type_name(exc) + (": " + message[0] if message else "")


def _leaves(exc, depth=0):
    """Final exceptions inside a (possibly nested) exception group, each as 'module.Type: message'."""
    children = getattr(exc, "exceptions", None)
    if depth > 10 or not isinstance(children, (list, tuple)) or not isinstance(exc, BaseException):
        return [_describe(exc)]
    out = []
    for child in children:
        out.extend(_leaves(child, depth + 1))
    return out


def _is_group(exc):
    return isinstance(getattr(exc, "exceptions", None), (list, tuple))


def _crash_of(report):
    """(type and message of the exception that finally escaped, leaves if it was a group)."""
    longrepr = getattr(report, "longrepr", None)
    if longrepr is None:
        return None
    crash = getattr(longrepr, "reprcrash", None)
    message = getattr(crash, "message", None) if crash is not None else None
    if message is None:
        # Collection errors and skips carry a plain string or a tuple; keep the last "E   " line.
        text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
        message = _last_e_block(text) or (text.strip().splitlines() or [""])[-1]
    return _short(message)


def _last_e_block(text):
    """The exception line of the last block of "E   " lines (its least indented line, e.g. the
    \`SyntaxError: ...\` line below the echoed source of a syntax error)."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith("E ") or line == "E":
            current.append(line[1:])
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    if not blocks:
        return None
    body = [line for line in blocks[-1] if line.strip()]
    if not body:
        return None
    indent = min(len(line) - len(line.lstrip()) for line in body)
    return next(line.strip() for line in body if len(line) - len(line.lstrip()) == indent)


class _Writer:
    def __init__(self, path):
        self.path = path
        self.handle = open(path, "a", encoding="utf-8", buffering=1)

    def write(self, record):
        try:
            self.handle.write(json.dumps(record, separators=(",", ":"), default=str) + "\\n")
            self.handle.flush()
        except Exception:
            pass

    def close(self):
        try:
            self.handle.close()
        except Exception:
            pass


class _Reporter:
    def __init__(self, config, writer):
        self.config = config
        self.writer = writer

    def pytest_collectreport(self, report):
        try:
            if report.failed:
                self.writer.write(
                    {"k": "collect", "id": report.nodeid, "outcome": "failed", "crash": _crash_of(report)}
                )
        except Exception:
            pass

    def pytest_collection_finish(self, session):
        try:
            self.writer.write({"k": "collected", "n": len(session.items)})
        except Exception:
            pass

    def pytest_runtest_logstart(self, nodeid, location):
        self.writer.write({"k": "begin", "id": nodeid, "t": _now_ms()})

    def pytest_runtest_logreport(self, report):
        try:
            record = {
                "k": "phase",
                "id": report.nodeid,
                "when": report.when,
                "outcome": report.outcome,
                "dur": round(getattr(report, "duration", 0.0) or 0.0, 3),
            }
            if hasattr(report, "wasxfail"):
                record["xfail"] = True
            if report.failed or report.outcome not in ("passed", "skipped", "failed"):
                record["crash"] = _crash_of(report)
                exc_type = getattr(report, _TYPE_ATTR, None)
                if exc_type:
                    record["type"] = exc_type
                leaves = getattr(report, _LEAVES_ATTR, None)
                if leaves:
                    record["leaves"] = leaves
                if report.when not in ("setup", "call", "teardown"):
                    record["crashed_worker"] = True
            self.writer.write(record)
        except Exception:
            pass

    def pytest_keyboard_interrupt(self, excinfo):
        try:
            self.writer.write({"k": "interrupt", "crash": _short(excinfo.exconly()), "t": _now_ms()})
        except Exception:
            pass

    def pytest_sessionfinish(self, session, exitstatus):
        try:
            stop = session.shouldfail or session.shouldstop
            self.writer.write(
                {
                    "k": "finish",
                    "exit": int(exitstatus),
                    "stop": str(stop) if stop else None,
                    "t": _now_ms(),
                }
            )
        except Exception:
            pass

    def pytest_unconfigure(self, config):
        self.writer.close()


def _leaves_plugin():
    """Runs wherever tests run (plain process or xdist worker): notes the qualified exception type and the
    leaves of an exception group on the report itself; xdist carries extra report attributes from the worker
    to the controller, and no other reporter (junitxml, terminal) looks at them."""
    import pytest

    class RunTestsSkillLeaves:
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(self, item, call):
            outcome = yield
            try:
                if call.excinfo is not None:
                    report = outcome.get_result()
                    setattr(report, _TYPE_ATTR, _type_name(call.excinfo.value))
                    if _is_group(call.excinfo.value):
                        setattr(report, _LEAVES_ATTR, _leaves(call.excinfo.value))
            except Exception:
                pass

    return RunTestsSkillLeaves()


def pytest_configure(config):
    try:
        _configure(config)
    except Exception:
        pass


def _configure(config):
    target = os.environ.get("RUN_TESTS_SKILL_REPORT_DIR")
    if not target:
        return
    config.pluginmanager.register(_leaves_plugin(), "run_tests_skill_leaves")
    if hasattr(config, "workerinput"):
        return  # xdist worker: the controller writes the records
    os.makedirs(target, exist_ok=True)
    start = _now_ms()
    writer = _Writer(os.path.join(target, "%d-%d.jsonl" % (start, os.getpid())))
    params = config.invocation_params
    writer.write(
        {
            "k": "start",
            "v": RECORD_VERSION,
            "t": start,
            "pid": os.getpid(),
            "args": [str(a) for a in params.args],
            "dir": str(params.dir),
            "pytest": _pytest_version(),
            "python": "%d.%d.%d" % sys.version_info[:3],
            "xdist": bool(getattr(config.option, "numprocesses", None)),
        }
    )
    config.pluginmanager.register(_Reporter(config, writer), "run_tests_skill_writer")


def _pytest_version():
    try:
        import pytest

        return pytest.__version__
    except Exception:
        return "?"
`;var R=require("node:fs"),he=require("node:path");var dt={0:e=>"profile"in e?{...e,format:1}:{source:"(unknown)",profile:e,format:1}};function vt(e){if(!e||typeof e!="object"||Array.isArray(e))return"invalid";let t=e.format;return t===void 0?0:typeof t=="number"&&Number.isInteger(t)&&t>=0?t:"invalid"}function gt(e,t){return`${e} has profile format ${t}, newer than this run-tests-skill knows (format 1): it was written by a newer release. Update run-tests-skill (the npm package, or the plugin) to the release that wrote it, or run \`run-tests-skill init\` of this release to rewrite it. Until then the hooks ignore it: the git rule keeps its defaults, /run-tests turns are refused, the stop gate is off.`}function ue(e,t){let n=vt(e);if(n==="invalid")return{ok:!1,newer:!1,problem:`${t}: not a compiled profile (expected a JSON object with a whole-number "format")`};if(n>1)return{ok:!1,newer:!0,problem:gt(t,n)};let r=e;for(let s=n;s<1;s++){let i=dt[s];if(!i)return{ok:!1,newer:!1,problem:`${t}: no migration from format ${s}`};r=i(r)}return{ok:!0,profile:r.profile,format:1,source:typeof r.source=="string"?r.source:null,migratedFrom:n<1?n:null}}var xt="RUN_TESTS_SKILL_LOG",kt="decisions.jsonl",bt="decisions.1.jsonl",Et=1024*1024,_t=400;function wt(e,t){let n=e[xt]??"";if(/^(?:1|on|true|yes)$/i.test(n))return!0;if(/^(?:0|off|false|no)$/i.test(n))return!1;let r=ue(t(),"profile.json");return r.ok&&r.profile?.log===!0}function St(e,t=_t){return e.length<=t?e:`${e.slice(0,t)}\u2026[${e.length-t} more chars]`}function Ot(e,t){let n={t:new Date(t).toISOString()};for(let[r,s]of Object.entries(e))typeof s=="string"&&(n[r]=St(s));return`${JSON.stringify(n)}
`}function Rt(e,t,n=Date.now(),r=Et){try{let s=Ot(t,n),i=(0,he.join)(e,kt),u=0;try{u=(0,R.statSync)(i).size}catch{(0,R.mkdirSync)(e,{recursive:!0})}u>0&&u+s.length>r&&(0,R.renameSync)(i,(0,he.join)(e,bt));let p=(0,R.openSync)(i,"a",384);try{(0,R.writeSync)(p,s)}finally{(0,R.closeSync)(p)}}catch{}}function Je(e,t,n,r){try{wt(e,n)&&Rt(t,r)}catch{}}function Ke(e){if(!e)return null;try{return JSON.parse((0,R.readFileSync)(e,"utf8"))}catch{return null}}var de=require("node:fs"),_=require("node:path");var Ze=[{path:".claude/run-tests-skill",kind:"dir",what:"run-tests-skill's install (hook bundles, compiled profile, state)"},{path:".claude/settings.json",kind:"file",what:"the project's Claude Code settings (hook registrations, sandbox)"},{path:".claude/settings.local.json",kind:"file",what:"the project's local Claude Code settings"},{path:".claude/skills",kind:"dir",what:"the project's skills (the allowed-tools the guard enforces)"}],Ye=".claude/run-tests-skill-reports";var en=(0,_.join)(".claude","run-tests-skill"),Qe="profile.json",At=(0,_.join)(en,"state");function nn(e,t,n=process.env){let r=(0,_.join)(e,en,Qe),s=(0,de.existsSync)(r),i=s?r:[(0,_.join)(t,"..",Qe)].find(c=>(0,de.existsSync)(c))??null,u=n.CLAUDE_PLUGIN_DATA,p=!s&&u?(0,_.join)(u,"projects",It(e)):null;return{projectDir:e,installed:s,profileFile:i&&(0,_.resolve)(i),stateDir:p?(0,_.join)(p,"state"):(0,_.join)(e,At),spoolDir:p?(0,_.join)(p,"reports"):(0,_.join)(e,Ye)}}function It(e){return(0,_.resolve)(e).replace(/[^A-Za-z0-9._-]+/g,"-")}function tn(e,t){return(0,_.resolve)(e.CLAUDE_PROJECT_DIR||se().projectDir(ve())||t||process.cwd())}function ve(){return typeof __dirname=="string"?__dirname:(0,_.dirname)((0,_.resolve)(process.argv[1]??"."))}var rn=require("node:fs");function sn(e){if(!e)return{ok:!1,problem:"no compiled profile found (run `run-tests-skill init` or install the plugin)"};let t;try{t=JSON.parse((0,rn.readFileSync)(e,"utf8"))}catch(s){return{ok:!1,problem:`${e}: cannot read the compiled profile (${s.message})`}}let n=ue(t,e);if(!n.ok)return{ok:!1,problem:n.problem,...n.newer?{newerFormat:!0}:{}};let r=re(Be,n.profile);if(!r.success){let s=r.issues[0];return{ok:!1,problem:`${e}: invalid profile at ${s?ee(s):"?"}: ${s?.message}`}}return{ok:!0,profile:r.output,file:e,migratedFrom:n.migratedFrom}}var q=require("node:fs"),ln=require("node:os"),x=require("node:path");var Tt={guaranteed:"guaranteed (sandbox barrier on)","best-effort":"best effort (no barrier; `run-tests-skill init --sandbox` turns it on)"};function on(e){return`git rule enforcement: ${Tt[e]}`}var ge=e=>e!==null&&typeof e=="object"&&!Array.isArray(e);function un(e,t){return e==="~"||e.startsWith("~/")?(0,x.join)((0,ln.homedir)(),e.slice(1)):(0,x.isAbsolute)(e)?(0,x.resolve)(e):(0,x.resolve)(t,e)}function xe(e){try{return(0,q.readFileSync)(e,"utf8")}catch{return null}}function Pt(e){let t=(0,x.resolve)(e);for(;;){let n=(0,x.join)(t,".git");if((0,q.existsSync)(n))return n;let r=(0,x.dirname)(t);if(r===t)return null;t=r}}function Dt(e){let t=Pt(e);if(!t)return[];let n=[t],r=t,s=!1;try{s=(0,q.statSync)(t).isFile()}catch{return n}if(s){let u=/^gitdir:\s*(.+?)\s*$/m.exec(xe(t)??"")?.[1];if(!u)return n;r=(0,x.resolve)((0,x.dirname)(t),u),n.push(r)}let i=xe((0,x.join)(r,"commondir"))?.trim();return i&&n.push((0,x.resolve)(r,i)),[...new Set(n)]}function Ct(e,t){let n=(0,x.relative)((0,x.resolve)(t),e);return n===""||n.startsWith("..")||(0,x.isAbsolute)(n)?e:n.split(x.sep).join("/")}function Nt(e){let t=[...Ze.map(n=>n.path),".git"];for(let n of Dt(e))t.push(Ct(n,e));return[...new Set(t)]}var $t=(e,t)=>e===t||e.startsWith(t.endsWith(x.sep)?t:t+x.sep);function Ft(e,t,n){let r=t.flatMap(s=>typeof s=="string"&&s.trim()!==""?[un(s.replace(/\/+$/,"")||"/",n)]:[]);return e.filter(s=>{let i=un(s,n);return!r.some(u=>$t(i,u))})}function jt(e,t){let n=ge(e)?e.sandbox:void 0,r=Nt(t);if(!ge(n)||n.enabled!==!0||n.allowUnsandboxedCommands!==!1)return{on:!1,sandboxOff:!0,missing:r};let s=n.filesystem;if(!ge(s)||s.disabled===!0)return{on:!1,sandboxOff:!0,missing:r};let i=Ft(r,Array.isArray(s.denyWrite)?s.denyWrite:[],t);return i.length===0?{on:!0}:{on:!1,sandboxOff:!1,missing:i}}function Lt(e){let t=xe((0,x.join)(e,".claude","settings.json"));if(t===null)return null;try{return JSON.parse(t.charCodeAt(0)===65279?t.slice(1):t)}catch{return null}}function cn(e){return jt(Lt(e),e)}function an(e){if(e.on)return`run-tests-skill: ${on("guaranteed")}.`;let t=[`run-tests-skill: ${on("best-effort")}.`];return e.sandboxOff||t.push(`The Bash sandbox is on, but its filesystem.denyWrite no longer covers ${e.missing.join(", ")} (the git layout changed since init?), so those are writable from inside it. Tell the user: \`run-tests-skill init --sandbox\` covers them again.`),t.join(`
`)}var le="session-start";async function Mt(){let e=Ae(await Re(),ye);if(!e.ok){ie(le,e.problem);return}let t=e.value,n=tn(process.env,t.cwd);if(!(0,pn.existsSync)(n))return;Ie(Pe("SessionStart",an(cn(n))));let r=process.env.CLAUDE_ENV_FILE;if(!r||/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER??""))return;let s=nn(n,ve()),i=sn(s.profileFile),u=await We({stateDir:s.stateDir,spoolDir:s.spoolDir,projectDir:n,sessionId:t.session_id,envFile:r,runnerBase:i.ok?i.profile.runner.base:Y,source:Ve});u.enabled||ie(le,`streaming reporter not enabled: ${u.reason}`),Je(process.env,s.stateDir,()=>Ke(s.profileFile),{hook:le,...t.session_id?{session:t.session_id}:{},event:"SessionStart",decision:u.enabled?"reporter-on":"reporter-off",rule:"streaming-reporter"})}Mt().catch(e=>ie(le,`internal error: ${e instanceof Error?e.message:String(e)}`)).finally(()=>{process.exitCode=0});
